package dev.portablesession.benchmarks.micro;

import dev.portablesession.internal.codec.AttributeCodec;
import java.util.Arrays;
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
 * The change-detection pass the filter makes at save time for every mutable attribute a request
 * was handed: encode the value again and compare the bytes with those loaded from Redis. For an
 * unchanged attribute this is the whole cost of having read it, beyond the decode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChangeDetectionBenchmark {

    @Param({"json", "jdk"})
    public String codec;

    @Param({"profile", "cart"})
    public String attribute;

    private AttributeCodec attributeCodec;
    private Object decoded;
    private byte[] stored;

    @Setup
    public void setUp() {
        attributeCodec = Codecs.codec(codec);
        stored = attributeCodec.encode(attribute, Codecs.attribute(attribute));
        decoded = attributeCodec.decode(attribute, stored);
    }

    /**
     * Encode again while comparing with the stored bytes, as the filter does for an attribute that
     * was read and not changed: no copy of the value's bytes is built.
     */
    @Benchmark
    public boolean reencodeComparing() {
        return attributeCodec.encode(attribute, decoded, stored) == stored;
    }

    /** The same check done the plain way, encode to a new array and compare: the baseline. */
    @Benchmark
    public boolean reencodeThenCompare() {
        return Arrays.equals(attributeCodec.encode(attribute, decoded), stored);
    }
}
