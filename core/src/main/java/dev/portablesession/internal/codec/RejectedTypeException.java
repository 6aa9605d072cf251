package dev.portablesession.internal.codec;

import dev.portablesession.AttributeEncodingException;

/**
 * A codec refused a class while writing or reading: it is not allowed, not found, or does not fit
 * where it was found. Thrown from inside the serialization library and turned into an
 * {@link AttributeEncodingException} or {@link AttributeDecodingException} by the codec.
 */
public final class RejectedTypeException extends RuntimeException {

    private final String className;

    /**
     * @param className the refused class; for an array, its element class
     * @param problem what is wrong with it, completing "type X ..."
     */
    public RejectedTypeException(String className, String problem) {
        // No stack trace: the codec reports the message and drops this exception.
        super("type " + className + " " + problem, null, false, false);
        this.className = className;
    }

    /** The refused class; for an array, its element class. */
    public String className() {
        return className;
    }
}
