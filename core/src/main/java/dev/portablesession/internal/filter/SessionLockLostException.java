package dev.portablesession.internal.filter;

/**
 * With {@code lock.mode=exclusive}, the request ran past its {@code lock.lease} and another
 * request took the session lock, so this request's changes were refused. Answered with 503 when
 * the response is not committed yet.
 */
final class SessionLockLostException extends RuntimeException {

    SessionLockLostException(String message) {
        super(message);
    }
}
