package dev.portablesession.internal.codec;

import dev.portablesession.AttributeEncodingException;
import java.util.Arrays;

/**
 * Turns session attribute values into bytes stored in Redis and back.
 *
 * <p>Implementations are thread-safe: one instance serves every request of a web application.
 * Decoding resolves classes through the class loader the codec was built with (the web
 * application's), never through the thread's or the library's own loader.
 */
public interface AttributeCodec {

    /**
     * Encodes one attribute value.
     *
     * @param name the attribute name, used only in error messages
     * @param value the value; never {@code null} (a null value removes an attribute instead)
     * @return the encoded form; never {@code null}
     * @throws AttributeEncodingException if the value cannot be encoded; the message names the
     *     attribute, its type, the reason and the fix
     */
    byte[] encode(String name, Object value);

    /**
     * Encodes one attribute value again, to find out whether it changed since it was encoded as
     * {@code previous}: what change detection does at save time for every attribute the
     * application was handed. When the encoding equals {@code previous} the result is
     * {@code previous} itself, so the caller can tell by identity; the built-in codecs then build
     * no copy of it at all.
     *
     * @param name the attribute name, used only in error messages
     * @param value the value; never {@code null}
     * @param previous an earlier encoding of the attribute, or {@code null}
     * @return {@code previous} when the encoding is equal to it, else the new encoding
     * @throws AttributeEncodingException as {@link #encode(String, Object)}
     */
    default byte[] encode(String name, Object value, byte[] previous) {
        byte[] bytes = encode(name, value);
        return previous != null && Arrays.equals(bytes, previous) ? previous : bytes;
    }

    /**
     * Decodes one attribute value.
     *
     * @param name the attribute name, used only in error messages
     * @param data bytes produced by {@link #encode} of a codec of the same kind
     * @return the decoded value; never {@code null}
     * @throws AttributeDecodingException if the bytes cannot be turned back into an allowed
     *     object (unknown or disallowed class, changed class, corrupt data)
     */
    Object decode(String name, byte[] data);

    /**
     * Whether stored bytes, although they decode, should be written again when their request
     * saves, whatever the value (an encrypted value under a key that no longer encrypts).
     *
     * @param stored bytes as the store holds them
     * @return false unless the codec wants them rewritten
     */
    default boolean rewrites(byte[] stored) {
        return false;
    }
}
