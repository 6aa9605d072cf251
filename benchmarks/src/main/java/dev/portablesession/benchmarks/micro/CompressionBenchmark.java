package dev.portablesession.benchmarks.micro;

import com.github.luben.zstd.Zstd;
import dev.portablesession.internal.codec.AttributeCodec;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
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
 * Compressing and decompressing the ~50 KB cart as the codec encoded it (JSON or Java
 * serialization), with the JDK's Deflate at levels 1 and 6 (what {@code codec.compress-above} could
 * use without a dependency), lz4-java and zstd-jni at level 1 and 3: the figures behind the choice
 * of Deflate level 1 in {@code CompressingCodec}. The set-up prints each compressed size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CompressionBenchmark {

    @Param({"deflate-1", "deflate-6", "lz4", "zstd-1", "zstd-3"})
    public String algorithm;

    @Param({"json", "jdk"})
    public String codec;

    private byte[] plain;
    private byte[] compressed;
    private Algorithm chosen;

    @Setup
    public void setUp() {
        AttributeCodec attributeCodec = Codecs.codec(codec);
        plain = attributeCodec.encode("cart", Codecs.attribute("cart"));
        chosen = Algorithm.of(algorithm);
        compressed = chosen.compress(plain);
        System.out.printf("%n%s %s cart: %,d bytes, %,d compressed, ratio %.1f%n", codec, algorithm, plain.length,
                compressed.length, (double) plain.length / compressed.length);
    }

    @Benchmark
    public byte[] compress() {
        return chosen.compress(plain);
    }

    @Benchmark
    public byte[] decompress() {
        return chosen.decompress(compressed, plain.length);
    }

    private interface Algorithm {
        byte[] compress(byte[] data);

        byte[] decompress(byte[] data, int length);

        static Algorithm of(String name) {
            return switch (name) {
                case "deflate-1" -> new DeflateAlgorithm(1);
                case "deflate-6" -> new DeflateAlgorithm(6);
                case "lz4" -> new Lz4Algorithm();
                case "zstd-1" -> new ZstdAlgorithm(1);
                case "zstd-3" -> new ZstdAlgorithm(3);
                default -> throw new IllegalArgumentException("algorithm " + name);
            };
        }
    }

    /** As the codec uses it: a new Deflater or Inflater per value, ended at once. */
    private record DeflateAlgorithm(int level) implements Algorithm {
        @Override
        public byte[] compress(byte[] data) {
            Deflater deflater = new Deflater(level);
            try {
                deflater.setInput(data);
                deflater.finish();
                byte[] out = new byte[data.length];
                int length = 0;
                while (!deflater.finished()) {
                    length += deflater.deflate(out, length, out.length - length);
                }
                return java.util.Arrays.copyOf(out, length);
            } finally {
                deflater.end();
            }
        }

        @Override
        public byte[] decompress(byte[] data, int length) {
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(data);
                byte[] out = new byte[length];
                int filled = 0;
                while (filled < length && !inflater.finished()) {
                    filled += inflater.inflate(out, filled, length - filled);
                }
                return out;
            } catch (DataFormatException e) {
                throw new IllegalStateException(e);
            } finally {
                inflater.end();
            }
        }
    }

    private static final class Lz4Algorithm implements Algorithm {
        private final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
        private final LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();

        @Override
        public byte[] compress(byte[] data) {
            return compressor.compress(data);
        }

        @Override
        public byte[] decompress(byte[] data, int length) {
            return decompressor.decompress(data, length);
        }
    }

    private record ZstdAlgorithm(int level) implements Algorithm {
        @Override
        public byte[] compress(byte[] data) {
            return Zstd.compress(data, level);
        }

        @Override
        public byte[] decompress(byte[] data, int length) {
            return Zstd.decompress(data, length);
        }
    }
}
