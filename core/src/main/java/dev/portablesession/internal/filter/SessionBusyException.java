package dev.portablesession.internal.filter;

/**
 * With {@code lock.mode=exclusive}, the session stayed locked by other requests for longer than
 * {@code lock.wait-timeout}. Answered with 503 and {@code Retry-After: 1}.
 */
final class SessionBusyException extends RuntimeException {

    SessionBusyException(String message) {
        super(message);
    }
}
