package dev.portablesession;

/**
 * Redis could not be reached or did not answer in time (within {@code redis.timeout}, default 3
 * seconds). Thrown from {@code request.getSession()} and the session's methods while Redis is
 * out; an application may catch it to serve the request without a session. When it is not
 * caught, or a save fails after the application ran, the filter answers 503 Service Unavailable
 * unless the response is already committed. Messages never contain credentials.
 */
public class SessionStoreException extends RuntimeException {

    /**
     * For the library's Redis store, which lives in another package; applications catch this
     * exception and have no reason to construct it.
     *
     * @param message what failed, against which store, and why
     * @param cause the underlying failure, or {@code null}
     */
    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
