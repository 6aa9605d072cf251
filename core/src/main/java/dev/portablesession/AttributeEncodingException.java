package dev.portablesession;

/**
 * An attribute value could not be encoded. Thrown from {@code HttpSession.setAttribute}, so the
 * application sees the problem where it made it.
 */
public class AttributeEncodingException extends IllegalArgumentException {

    /**
     * @param message what happened, to which attribute and type, and what to do
     * @param cause the underlying failure, or {@code null}
     */
    public AttributeEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
