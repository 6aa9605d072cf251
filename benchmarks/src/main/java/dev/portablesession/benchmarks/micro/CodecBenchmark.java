package dev.portablesession.benchmarks.micro;

import dev.portablesession.internal.codec.AttributeCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding one attribute: the ~1 KB profile and the ~50 KB cart, with the JSON
 * (default) and the JDK serialization codec. A request that reads an attribute decodes it once;
 * one that sets it encodes it once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {

    @Param({"json", "jdk"})
    public String codec;

    @Param({"profile", "cart"})
    public String attribute;

    private AttributeCodec attributeCodec;
    private Object value;
    private byte[] encoded;

    @Setup
    public void setUp() {
        attributeCodec = Codecs.codec(codec);
        value = Codecs.attribute(attribute);
        encoded = attributeCodec.encode(attribute, value);
        System.out.printf("%n%s %s: %,d bytes encoded%n", codec, attribute, encoded.length);
    }

    @Benchmark
    public byte[] encode() {
        return attributeCodec.encode(attribute, value);
    }

    @Benchmark
    public Object decode() {
        return attributeCodec.decode(attribute, encoded);
    }
}
