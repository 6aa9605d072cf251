package dev.portablesession.internal.codec.crypto;

import dev.portablesession.internal.codec.AttributeCodec;
import dev.portablesession.internal.codec.AttributeDecodingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every attribute value another codec produced with AES-GCM ({@code encryption.key-file});
 * the session's metadata stays readable for operations. A stored value is
 * {@code 0x01, id length, key id, 12-byte nonce, ciphertext and 16-byte tag}, authenticated
 * together with the namespace and the attribute's name, so a value cannot be altered, nor moved
 * to another attribute or application, without failing to decrypt. It names its key, so keys can
 * rotate: the first key of the file encrypts, every key listed decrypts, and a value read under
 * an older key is written again under the current one at the request's save.
 *
 * <p>A value that is not encrypted (stored before encryption was turned on, or written into Redis
 * by someone else) is refused like any value that does not decode, so {@code attribute.decode-failure}
 * decides; accepting it would let whoever can write to Redis bypass the authentication.
 */
public final class EncryptingCodec implements AttributeCodec {

    /** First byte of an encrypted value: neither JSON nor a Java serialization stream starts with it. */
    static final byte MARKER = 0x01;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no AES/GCM/NoPadding", e);
        }
    });

    private final AttributeCodec codec;
    private final String currentId;
    private final Map<String, SecretKey> keys;
    private final String namespace;

    /**
     * @param codec the codec whose output is encrypted
     * @param currentId the id of the key that encrypts
     * @param keys every key that decrypts, by id; ids of at most 255 ASCII characters
     * @param namespace the application's namespace, authenticated with every value
     */
    public EncryptingCodec(AttributeCodec codec, String currentId, Map<String, SecretKey> keys, String namespace) {
        this.codec = codec;
        this.currentId = currentId;
        this.keys = Map.copyOf(keys);
        this.namespace = namespace;
        if (!this.keys.containsKey(currentId)) {
            throw new IllegalArgumentException("no key of id " + currentId);
        }
    }

    @Override
    public byte[] encode(String name, Object value) {
        return seal(name, codec.encode(name, value));
    }

    /**
     * Returns {@code previous} itself when the value still encodes to what it holds and it is
     * under the current key; otherwise the value encrypted anew, which the request then saves.
     */
    @Override
    public byte[] encode(String name, Object value, byte[] previous) {
        byte[] plain = previous == null ? null : openQuietly(name, previous);
        byte[] bytes = codec.encode(name, value, plain);
        if (plain != null && bytes == plain && currentId.equals(keyId(previous))) {
            return previous;
        }
        return seal(name, bytes);
    }

    /** A value under a key other than the current one is written again under the current key. */
    @Override
    public boolean rewrites(byte[] stored) {
        return !currentId.equals(keyId(stored));
    }

    @Override
    public Object decode(String name, byte[] data) {
        return codec.decode(name, open(name, data));
    }

    private byte[] seal(String name, byte[] plain) {
        byte[] id = currentId.getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(name));
            ByteBuffer out = ByteBuffer.allocate(2 + id.length + NONCE_BYTES + cipher.getOutputSize(plain.length));
            out.put(MARKER).put((byte) id.length).put(id).put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plain), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    private byte[] open(String name, byte[] data) {
        String head = "attribute \"" + name + "\" cannot be decrypted: ";
        String id = keyId(data);
        if (id == null) {
            throw new AttributeDecodingException(head + "the stored value is not encrypted (stored before "
                    + "encryption.key-file was set, or written into Redis by something else)", null);
        }
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new AttributeDecodingException(head + "it was encrypted under key \"" + id
                    + "\", which encryption.key-file no longer lists", null);
        }
        int offset = 2 + id.length();
        if (data.length < offset + NONCE_BYTES + TAG_BITS / 8) {
            throw new AttributeDecodingException(head + "the stored value is truncated", null);
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, offset, NONCE_BYTES));
            cipher.updateAAD(associatedData(name));
            return cipher.doFinal(data, offset + NONCE_BYTES, data.length - offset - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new AttributeDecodingException(head + "the stored value fails authentication (altered, or "
                    + "moved from another attribute or application)", null);
        } catch (GeneralSecurityException e) {
            throw new AttributeDecodingException(head + "AES-GCM decryption failed (" + e.getClass().getSimpleName()
                    + ")", null);
        }
    }

    private byte[] openQuietly(String name, byte[] data) {
        try {
            return open(name, data);
        } catch (AttributeDecodingException e) {
            return null;
        }
    }

    /** The key id a stored value names, or null when it is not an encrypted value. */
    static String keyId(byte[] data) {
        if (data.length < 2 || data[0] != MARKER) {
            return null;
        }
        int length = data[1] & 0xFF;
        if (length == 0 || data.length < 2 + length) {
            return null;
        }
        return new String(data, 2, length, StandardCharsets.US_ASCII);
    }

    private byte[] associatedData(String name) {
        return ("portablesession\n" + namespace + "\n" + name).getBytes(StandardCharsets.UTF_8);
    }
}
