package dev.portablesession;

/**
 * An attribute value could not be encoded by the configured codec (setting {@code codec}), or
 * its encoded form is larger than {@code attribute.max-size}. Thrown from
 * {@code HttpSession.setAttribute}, so the application sees the problem where it made it; the
 * message names the attribute, its type and the fix. The session is left as it was.
 */
public class AttributeEncodingException extends IllegalArgumentException {

    /**
     * For the library's codecs, which live in another package; applications catch this
     * exception and have no reason to construct it.
     *
     * @param message what happened, to which attribute and type, and what to do
     * @param cause the underlying failure, or {@code null}
     */
    public AttributeEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
