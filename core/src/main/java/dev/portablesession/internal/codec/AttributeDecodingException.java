package dev.portablesession.internal.codec;

/**
 * Stored attribute bytes could not be decoded: the class is unknown, not allowed, changed
 * incompatibly, or the data is corrupt.
 */
public class AttributeDecodingException extends RuntimeException {

    /**
     * @param message what happened, to which attribute, and why
     * @param cause the underlying failure, or {@code null}
     */
    public AttributeDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
