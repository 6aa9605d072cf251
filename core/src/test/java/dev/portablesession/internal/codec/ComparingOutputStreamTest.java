package dev.portablesession.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComparingOutputStreamTest {

    private static final byte[] PREVIOUS = "the quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);

    /** Writes {@code data} in chunks of {@code chunk} bytes, as an encoder's buffer flushes would. */
    private static byte[] write(byte[] previous, byte[] data, int chunk) {
        ComparingOutputStream out = new ComparingOutputStream(previous);
        for (int i = 0; i < data.length; i += chunk) {
            int n = Math.min(chunk, data.length - i);
            if (n == 1) {
                out.write(data[i]);
            } else {
                out.write(data, i, n);
            }
        }
        return out.result();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 43, 1000})
    void equalBytesGiveBackThePreviousArrayItself(int chunk) {
        assertSame(PREVIOUS, write(PREVIOUS, PREVIOUS.clone(), chunk));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 43, 1000})
    void anyDifferenceGivesTheNewBytes(int chunk) {
        List<byte[]> variants = new ArrayList<>();
        variants.add("the quick brown fox jumps over the lazy cat".getBytes(StandardCharsets.US_ASCII));
        variants.add("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII));
        variants.add("the quick brown fox".getBytes(StandardCharsets.US_ASCII));
        variants.add("the quick brown fox jumps over the lazy dog, twice over".getBytes(StandardCharsets.US_ASCII));
        variants.add(new byte[10_000]);
        for (byte[] data : variants) {
            byte[] result = write(PREVIOUS, data, chunk);
            assertNotSame(PREVIOUS, result);
            assertArrayEquals(data, result);
        }
    }

    @Test
    void withoutPreviousBytesEverythingIsCollected() {
        byte[] data = new byte[5000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        assertArrayEquals(data, write(null, data, 700));
    }
}
