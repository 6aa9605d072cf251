package dev.portablesession.internal.codec;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Receives an encoding and compares it, as it arrives, with the bytes of an earlier one. While
 * they agree nothing is copied or allocated, so finding that an attribute did not change (the
 * usual outcome of change detection) costs the encoding alone; from the first difference on, the
 * bytes are collected.
 */
public final class ComparingOutputStream extends OutputStream {

    private static final byte[] NONE = new byte[0];

    private final byte[] previous;
    /** Bytes received so far that are equal to the start of {@link #previous}, while no buffer exists. */
    private int matched;
    /** Everything received, once it differs from {@link #previous}; null before. */
    private byte[] buffer;
    private int count;

    /** @param previous the earlier encoding, or null when there is none */
    public ComparingOutputStream(byte[] previous) {
        this.previous = previous == null ? NONE : previous;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (buffer == null) {
            int comparable = Math.min(len, previous.length - matched);
            if (comparable == len
                    && Arrays.mismatch(b, off, off + len, previous, matched, matched + len) < 0) {
                matched += len;
                return;
            }
            // Diverged (or grew longer): keep the agreeing prefix, sized for a value of about the old length.
            buffer = new byte[Math.max(256, Math.max(previous.length + (previous.length >> 3), matched + 2 * len))];
            System.arraycopy(previous, 0, buffer, 0, matched);
            count = matched;
        }
        if (count + len > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(count + len, buffer.length * 2));
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    /**
     * The bytes received: the earlier encoding itself (the same array) when they are equal to it,
     * else a new array.
     */
    public byte[] result() {
        if (buffer == null) {
            return matched == previous.length && previous != NONE ? previous : Arrays.copyOf(previous, matched);
        }
        return Arrays.copyOf(buffer, count);
    }
}
