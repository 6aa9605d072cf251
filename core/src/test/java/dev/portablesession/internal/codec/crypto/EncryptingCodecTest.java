package dev.portablesession.internal.codec.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.codec.Codecs;
import dev.portablesession.internal.config.EncryptionKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptingCodecTest {

    private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    private EncryptingCodec codec(String namespace, String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "keys", ".txt");
        Files.write(file, List.of(lines));
        EncryptionKeys keys = EncryptionKeys.read(file);
        return new EncryptingCodec(Codecs.JSON, keys.currentId(), keys.keys(), namespace);
    }

    @Test
    void valuesRoundTripAndAreNotReadableInRedis() throws IOException {
        EncryptingCodec codec = codec("shop", "# current first", "k1=" + K1);
        byte[] stored = codec.encode("user", "alice@example.com");
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("alice"), "no plaintext stored");
        assertEquals("k1", EncryptingCodec.keyId(stored));
        assertEquals("alice@example.com", codec.decode("user", stored));
        assertFalse(java.util.Arrays.equals(stored, codec.encode("user", "alice@example.com")), "a fresh nonce each time");
    }

    @Test
    void alteredMovedOrForeignValuesFailAuthentication() throws IOException {
        EncryptingCodec codec = codec("shop", "k1=" + K1);
        byte[] stored = codec.encode("role", "user");
        byte[] altered = stored.clone();
        altered[altered.length - 20] ^= 1;
        String failed = "the stored value fails authentication (altered, or moved from another attribute or application)";
        assertEquals("attribute \"role\" cannot be decrypted: " + failed,
                assertThrows(AttributeDecodingException.class, () -> codec.decode("role", altered)).getMessage());
        assertTrue(assertThrows(AttributeDecodingException.class, () -> codec.decode("admin", stored)).getMessage().endsWith(failed),
                "moved to another attribute");
        assertTrue(assertThrows(AttributeDecodingException.class, () -> codec("admin-app", "k1=" + K1).decode("role", stored))
                .getMessage().endsWith(failed), "moved to another application's namespace");
        assertTrue(assertThrows(AttributeDecodingException.class,
                () -> codec.decode("role", "\"admin\"".getBytes(StandardCharsets.UTF_8))).getMessage()
                .contains("the stored value is not encrypted"), "plaintext written by someone else is refused");
        assertTrue(assertThrows(AttributeDecodingException.class,
                () -> codec.decode("role", java.util.Arrays.copyOf(stored, 10))).getMessage().endsWith("truncated"));
    }

    @Test
    void keysRotateTheCurrentEncryptsOldOnesDecryptAndReadValuesMoveToTheCurrentKey() throws IOException {
        EncryptingCodec before = codec("shop", "k1=" + K1);
        List<String> cart = new ArrayList<>(List.of("apple"));
        byte[] underK1 = before.encode("cart", cart);
        assertSame(underK1, before.encode("cart", cart, underK1), "unchanged under the current key: nothing to write");

        EncryptingCodec rotated = codec("shop", "k2=" + K2, "k1=" + K1);
        assertEquals(cart, rotated.decode("cart", underK1), "the old key still decrypts");
        byte[] moved = rotated.encode("cart", cart, underK1);
        assertNotSame(underK1, moved, "a value read under an old key is written again");
        assertEquals("k2", EncryptingCodec.keyId(moved));
        assertSame(moved, rotated.encode("cart", cart, moved));

        EncryptingCodec retired = codec("shop", "k2=" + K2);
        assertEquals(cart, retired.decode("cart", moved));
        assertEquals("attribute \"cart\" cannot be decrypted: it was encrypted under key \"k1\", which "
                + "encryption.key-file no longer lists",
                assertThrows(AttributeDecodingException.class, () -> retired.decode("cart", underK1)).getMessage());
    }

    @Test
    void badKeyFilesAreRefusedNamingTheLineNeverTheKey() throws IOException {
        String secret = Base64.getEncoder().encodeToString("seven-byte-secret!!".getBytes(StandardCharsets.US_ASCII));
        List<List<String>> files = List.of(List.of("k1=" + secret), List.of("k1 " + K1), List.of("k1=%%%" + K1),
                List.of("k1=" + K1, "k1=" + K2), List.of("# only a comment", ""));
        List<String> expected = List.of("line 1 of FILE: the key of \"k1\" is 152 bits; expected 128 or 256 bits (openssl rand -base64 32)",
                "line 1 of FILE is not <id>=<base64 key> with an id of 1 to 32 letters, digits, '.', '_' or '-'",
                "line 1 of FILE: the key of \"k1\" is not valid Base64",
                "line 2 of FILE: key id \"k1\" is listed twice",
                "file FILE holds no key; expected lines <id>=<base64 key>");
        for (int i = 0; i < files.size(); i++) {
            Path file = Files.createTempFile(dir, "bad", ".txt");
            Files.write(file, files.get(i));
            String message = assertThrows(IllegalArgumentException.class, () -> EncryptionKeys.read(file)).getMessage();
            assertEquals(expected.get(i), message.replace(file.toString(), "FILE"));
            assertFalse(message.contains(secret) || message.contains(K1) || message.contains(K2), message);
        }
    }
}
