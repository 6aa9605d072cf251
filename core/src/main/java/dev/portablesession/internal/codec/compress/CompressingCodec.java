package dev.portablesession.internal.codec.compress;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.internal.codec.AttributeCodec;
import dev.portablesession.internal.codec.AttributeDecodingException;
import java.nio.ByteBuffer;
import java.util.OptionalInt;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compresses what another codec produced when it is larger than a threshold
 * ({@code codec.compress-above}), with the JDK's Deflate (zlib format, level 1). A compressed value
 * is {@code 0x02, 0x01 (Deflate), the uncompressed length as 4 bytes big-endian, the zlib stream};
 * any other value is the other codec's bytes as they are. Neither JSON (a JSON token), Java
 * serialization ({@code 0xAC 0xED}) nor an encrypted value ({@code 0x01}) starts with {@code 0x02},
 * so every value says how it was written and is read whatever the threshold is now, or whether
 * there is one: the setting can change on a running cluster. Encryption, when set, wraps this codec,
 * so it encrypts the compressed bytes.
 *
 * <p>Reading is bounded: a value whose stated length is above {@code attribute.max-size}, or that
 * inflates to more or less than it states, or is cut short, is refused as undecodable, having
 * allocated at most the stated length. For the same reason a value larger than that limit is
 * refused when encoded, even though it would be smaller compressed: what is written can be read.
 */
public final class CompressingCodec implements AttributeCodec {

    /** First byte of a compressed value. */
    static final byte MARKER = 0x02;
    /** Second byte: the method. Only Deflate so far; another would get another number. */
    static final byte DEFLATE = 0x01;
    static final int HEADER_BYTES = 6;
    /** Level 1 compresses a JSON cart almost as well as 6 in a fraction of the time (docs/codecs.md). */
    private static final int LEVEL = 1;

    private final AttributeCodec codec;
    private final OptionalInt compressAbove;
    private final int maxSize;

    /**
     * @param codec the codec whose output is compressed
     * @param compressAbove the encoded size in bytes above which a value is compressed; empty: none
     *     is, but compressed values are still read
     * @param maxSize the largest size of a value before compression, in bytes
     *     ({@code attribute.max-size}): values larger are neither written compressed nor read
     */
    public CompressingCodec(AttributeCodec codec, OptionalInt compressAbove, int maxSize) {
        this.codec = codec;
        this.compressAbove = compressAbove;
        this.maxSize = maxSize;
    }

    @Override
    public byte[] encode(String name, Object value) {
        return compress(name, value, codec.encode(name, value));
    }

    /**
     * Returns {@code previous} itself when the value still encodes to what it holds, compressed or
     * not: a change of the threshold alone does not rewrite a value, it takes effect when the value
     * next changes.
     */
    @Override
    public byte[] encode(String name, Object value, byte[] previous) {
        byte[] plain = previous == null ? null : expandQuietly(name, previous);
        byte[] bytes = codec.encode(name, value, plain);
        if (plain != null && bytes == plain) {
            return previous;
        }
        return compress(name, value, bytes);
    }

    @Override
    public Object decode(String name, byte[] data) {
        return codec.decode(name, expand(name, data));
    }

    @Override
    public boolean rewrites(byte[] stored) {
        return codec.rewrites(stored);
    }

    private byte[] compress(String name, Object value, byte[] plain) {
        if (compressAbove.isEmpty() || plain.length <= compressAbove.getAsInt()) {
            return plain;
        }
        if (plain.length > maxSize) {
            throw new AttributeEncodingException("attribute \"" + name + "\" (" + value.getClass().getName() + ") is "
                    + plain.length + " bytes encoded, over the limit of " + maxSize
                    + " bytes; keep less in the session or raise the setting attribute.max-size", null);
        }
        // One per value, ended at once: as fast as one kept per thread (about 300 KB of native memory
        // each, freed only by the garbage collector under virtual threads).
        Deflater deflater = new Deflater(LEVEL);
        try {
            deflater.setInput(plain);
            deflater.finish();
            // Stored as it is when compression would not make it smaller (data compressed already).
            ByteBuffer out = ByteBuffer.allocate(plain.length);
            out.put(MARKER).put(DEFLATE).putInt(plain.length);
            while (!deflater.finished()) {
                if (!out.hasRemaining()) {
                    return plain;
                }
                deflater.deflate(out);
            }
            byte[] compressed = new byte[out.position()];
            System.arraycopy(out.array(), 0, compressed, 0, compressed.length);
            return compressed;
        } finally {
            deflater.end();
        }
    }

    private byte[] expand(String name, byte[] data) {
        if (data.length == 0 || data[0] != MARKER) {
            return data;
        }
        String head = "attribute \"" + name + "\" cannot be decompressed: ";
        if (data.length < HEADER_BYTES) {
            throw new AttributeDecodingException(head + "the stored value is truncated", null);
        }
        if (data[1] != DEFLATE) {
            throw new AttributeDecodingException(head + "unknown compression method " + (data[1] & 0xFF)
                    + " (written by a later version of the library, or damaged)", null);
        }
        int length = ByteBuffer.wrap(data, 2, 4).getInt();
        if (length < 0 || length > maxSize) {
            throw new AttributeDecodingException(head + "it states " + Integer.toUnsignedString(length)
                    + " bytes uncompressed, over the limit of " + maxSize + " bytes (attribute.max-size)", null);
        }
        byte[] plain = new byte[length];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, HEADER_BYTES, data.length - HEADER_BYTES);
            int filled = 0;
            while (filled < length && !inflater.finished() && !inflater.needsInput() && !inflater.needsDictionary()) {
                filled += inflater.inflate(plain, filled, length - filled);
            }
            if (filled == length && !inflater.finished() && inflater.inflate(new byte[1]) > 0) {
                // Full, yet the stream goes on: only the checksum may follow, never more data.
                throw new AttributeDecodingException(head + "it inflates to more than the " + length
                        + " bytes it states (a decompression bomb, or damaged)", null);
            }
            if (!inflater.finished()) {
                throw new AttributeDecodingException(head + "the stored value is truncated or damaged", null);
            }
            if (filled != length) {
                throw new AttributeDecodingException(head + "it inflates to " + filled + " bytes, not the " + length
                        + " it states (damaged)", null);
            }
            return plain;
        } catch (DataFormatException e) {
            throw new AttributeDecodingException(head + "the stored value is damaged (" + e.getMessage() + ")", null);
        } finally {
            inflater.end();
        }
    }

    private byte[] expandQuietly(String name, byte[] data) {
        try {
            return expand(name, data);
        } catch (AttributeDecodingException e) {
            return null;
        }
    }
}
