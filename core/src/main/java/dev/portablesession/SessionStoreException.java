package dev.portablesession;

/**
 * The session store could not be reached or did not answer in time. The filter turns it into a
 * 503 response. Messages never contain credentials.
 */
public class SessionStoreException extends RuntimeException {

    /**
     * @param message what failed, against which store, and why
     * @param cause the underlying failure, or {@code null}
     */
    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
