package dev.portablesession.internal.codec.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.internal.codec.AttributeCodec;
import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.codec.Codecs;
import dev.portablesession.internal.codec.crypto.EncryptingCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.zip.Deflater;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CompressingCodecTest {

    private static final int MAX = 1024 * 1024;
    private static final OptionalInt ABOVE_16K = OptionalInt.of(16 * 1024);

    private static CompressingCodec on(AttributeCodec codec) {
        return new CompressingCodec(codec, ABOVE_16K, MAX);
    }

    private static CompressingCodec off(AttributeCodec codec) {
        return new CompressingCodec(codec, OptionalInt.empty(), MAX);
    }

    /** About 40 KB as JSON: lines that differ, as in a real cart. */
    private static List<String> cart() {
        List<String> cart = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            cart.add("SKU-" + (100_000 + i * 31) + " Product " + i + " of the catalogue, " + (1 + i % 5) + " x "
                    + (199 + 100 * (i % 40)) + " cents; a useful thing, its description trimmed");
        }
        return cart;
    }

    @Test
    void aValueAboveTheThresholdIsStoredCompressedOneBelowItAsTheCodecWroteIt() {
        for (AttributeCodec plain : List.of(Codecs.JSON, Codecs.JDK)) {
            CompressingCodec codec = on(plain);
            List<String> cart = cart();
            byte[] uncompressed = plain.encode("cart", cart);
            assertTrue(uncompressed.length > 16 * 1024, "the cart is above the threshold: " + uncompressed.length);
            byte[] stored = codec.encode("cart", cart);
            assertEquals(CompressingCodec.MARKER, stored[0]);
            assertEquals(CompressingCodec.DEFLATE, stored[1]);
            assertEquals(uncompressed.length, ByteBuffer.wrap(stored, 2, 4).getInt());
            assertTrue(stored.length * 4 < uncompressed.length, stored.length + " of " + uncompressed.length);
            assertEquals(cart, codec.decode("cart", stored));

            assertArrayEquals(plain.encode("user", "alice"), codec.encode("user", "alice"), "small values untouched");
            assertEquals("alice", codec.decode("user", codec.encode("user", "alice")));
        }
    }

    @Test
    void valuesAreReadWhateverTheSettingIsNowInBothDirections() {
        List<String> cart = cart();
        for (AttributeCodec plain : List.of(Codecs.JSON, Codecs.JDK)) {
            assertEquals(cart, off(plain).decode("cart", on(plain).encode("cart", cart)), "written on, read off");
            assertEquals(cart, on(plain).decode("cart", off(plain).encode("cart", cart)), "written off, read on");
            assertEquals(cart, new CompressingCodec(plain, OptionalInt.of(MAX), MAX)
                    .decode("cart", on(plain).encode("cart", cart)), "a higher threshold reads it too");
        }
    }

    @Test
    void anUnchangedValueIsNotRewrittenWhenOnlyTheSettingChanged() {
        List<String> cart = cart();
        byte[] compressed = on(Codecs.JSON).encode("cart", cart);
        byte[] uncompressed = off(Codecs.JSON).encode("cart", cart);
        assertSame(compressed, off(Codecs.JSON).encode("cart", cart, compressed));
        assertSame(uncompressed, on(Codecs.JSON).encode("cart", cart, uncompressed));
        assertSame(compressed, on(Codecs.JSON).encode("cart", cart, compressed));

        cart.set(3, "changed");
        byte[] changed = off(Codecs.JSON).encode("cart", cart, compressed);
        assertNotSame(compressed, changed);
        assertEquals('[', changed[0], "a changed value is written as the setting says now");
        assertEquals(CompressingCodec.MARKER, on(Codecs.JSON).encode("cart", cart, uncompressed)[0]);
    }

    @Test
    void withEncryptionTheCompressedValueIsEncryptedAndReadWithCompressionOff() {
        Map<String, javax.crypto.SecretKey> keys = Map.of("k1", new SecretKeySpec(new byte[32], "AES"));
        AttributeCodec writer = new EncryptingCodec(on(Codecs.JSON), "k1", keys, "shop");
        AttributeCodec reader = new EncryptingCodec(off(Codecs.JSON), "k1", keys, "shop");
        List<String> cart = cart();
        byte[] stored = writer.encode("cart", cart);
        assertEquals(0x01, stored[0], "encrypted outside");
        assertTrue(stored.length * 4 < Codecs.JSON.encode("cart", cart).length, "compressed inside: " + stored.length);
        assertEquals(cart, reader.decode("cart", stored));
        assertEquals(cart, writer.decode("cart", reader.encode("cart", cart)));
        assertSame(stored, reader.encode("cart", cart, stored), "unchanged: nothing to write");

        AttributeDecodingException plaintext = assertThrows(AttributeDecodingException.class,
                () -> writer.decode("cart", on(Codecs.JSON).encode("cart", cart)));
        assertTrue(plaintext.getMessage().contains("not encrypted"), "a compressed plaintext is still refused");
    }

    @Test
    void noOtherValueStartsWithTheMarker() {
        byte[] encrypted = new EncryptingCodec(Codecs.JSON, "k1", Map.of("k1", new SecretKeySpec(new byte[16], "AES")), "ns")
                .encode("x", "y");
        assertEquals(0x01, encrypted[0]);
        for (Object value : List.of("\u0002\u0001", 2, -2L, true, List.of(), new byte[] {2, 1, 0, 0, 0, 9}, Map.of("a", 1))) {
            byte[] json = Codecs.JSON.encode("x", value);
            assertTrue("{[\"-0123456789tfn".indexOf(json[0]) >= 0, new String(json, StandardCharsets.UTF_8));
            byte[] jdk = Codecs.JDK.encode("x", value);
            assertEquals((byte) 0xAC, jdk[0]);
            assertEquals((byte) 0xED, jdk[1]);
        }
        assertEquals("\u0002\u0001", on(Codecs.JSON).decode("x", Codecs.JSON.encode("x", "\u0002\u0001")));
    }

    @Test
    void aValueThatDoesNotGetSmallerIsStoredAsItIs() {
        byte[] random = new byte[32 * 1024];
        new Random(7).nextBytes(random);
        byte[] stored = on(Codecs.JDK).encode("blob", random);
        assertArrayEquals(Codecs.JDK.encode("blob", random), stored);
        assertArrayEquals(random, (byte[]) on(Codecs.JDK).decode("blob", stored));
    }

    @Test
    void aValueOverTheLimitIsRefusedEvenThoughItWouldFitCompressed() {
        CompressingCodec codec = new CompressingCodec(Codecs.JSON, OptionalInt.of(4 * 1024), 8 * 1024);
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class, () -> codec.encode("cart", cart()));
        assertTrue(e.getMessage().matches("attribute \"cart\" \\(java.util.ArrayList\\) is \\d+ bytes encoded, over the "
                + "limit of 8192 bytes; keep less in the session or raise the setting attribute.max-size"), e.getMessage());
    }

    @Test
    void aBombIsRefusedHavingAllocatedNoMoreThanTheLimit() {
        byte[] zeros = new byte[64 * 1024 * 1024];
        String reason = assertThrows(AttributeDecodingException.class,
                () -> on(Codecs.JSON).decode("cart", compressed(zeros, zeros.length))).getMessage();
        assertEquals("attribute \"cart\" cannot be decompressed: it states 67108864 bytes uncompressed, over the limit "
                + "of 1048576 bytes (attribute.max-size)", reason);
        reason = assertThrows(AttributeDecodingException.class,
                () -> on(Codecs.JSON).decode("cart", compressed(zeros, 1000))).getMessage();
        assertEquals("attribute \"cart\" cannot be decompressed: it inflates to more than the 1000 bytes it states "
                + "(a decompression bomb, or damaged)", reason);
        reason = assertThrows(AttributeDecodingException.class,
                () -> on(Codecs.JSON).decode("cart", compressed(zeros, -1))).getMessage();
        assertTrue(reason.contains("it states 4294967295 bytes uncompressed"), reason);
    }

    @Test
    void truncatedDamagedOrUnknownValuesAreUndecodable() {
        byte[] stored = on(Codecs.JSON).encode("cart", cart());
        for (int length : new int[] {1, 5, 6, 7, stored.length / 2, stored.length - 1}) {
            AttributeDecodingException e = assertThrows(AttributeDecodingException.class,
                    () -> on(Codecs.JSON).decode("cart", Arrays.copyOf(stored, length)), "cut to " + length);
            assertTrue(e.getMessage().startsWith("attribute \"cart\" cannot be decompressed: "), e.getMessage());
        }
        byte[] damaged = stored.clone();
        damaged[stored.length - 2] ^= 0x55;
        assertThrows(AttributeDecodingException.class, () -> on(Codecs.JSON).decode("cart", damaged));
        byte[] otherMethod = stored.clone();
        otherMethod[1] = 9;
        assertEquals("attribute \"cart\" cannot be decompressed: unknown compression method 9 (written by a later "
                + "version of the library, or damaged)",
                assertThrows(AttributeDecodingException.class, () -> on(Codecs.JSON).decode("cart", otherMethod)).getMessage());
        byte[] shorter = stored.clone();
        ByteBuffer.wrap(shorter, 2, 4).putInt(ByteBuffer.wrap(stored, 2, 4).getInt() + 10);
        assertTrue(assertThrows(AttributeDecodingException.class, () -> on(Codecs.JSON).decode("cart", shorter))
                .getMessage().contains("not the"), "inflates to less than it states");
    }

    /** A value in the stored format whose header states {@code stated} bytes, whatever the data inflates to. */
    static byte[] compressed(byte[] data, int stated) {
        Deflater deflater = new Deflater(9);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(CompressingCodec.MARKER);
        out.write(CompressingCodec.DEFLATE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(stated).array());
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
