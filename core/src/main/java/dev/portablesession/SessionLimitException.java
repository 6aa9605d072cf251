package dev.portablesession;

/**
 * Thrown by {@code setAttribute} of the attribute that names a session's user
 * ({@code principal=attribute:NAME}) when that user already holds {@code principal.max-sessions}
 * sessions and {@code principal.max-sessions-policy=refuse}: the session stays as it was, and the
 * application can tell the user to log out elsewhere first.
 */
public class SessionLimitException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message says which limit, without the user's name or any session id */
    public SessionLimitException(String message) {
        super(message);
    }
}
