package dev.portablesession.internal.metrics;

import dev.portablesession.UserSession;
import dev.portablesession.UserSessions;

/** {@link UserSessionsAdminMXBean} on a filter's {@link UserSessions}. */
public final class UserSessionsAdmin implements UserSessionsAdminMXBean {

    private final UserSessions users;

    public UserSessionsAdmin(UserSessions users) {
        this.users = users;
    }

    // A JMX client has none of the library's classes: failures reach it as plain IllegalStateExceptions.

    @Override
    public String[] listSessions(String principal) {
        try {
            return users.list(principal).stream()
                    .map(UserSessionsAdmin::line)
                    .toArray(String[]::new);
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    @Override
    public int invalidateAll(String principal) {
        try {
            return users.invalidateAll(principal);
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static String line(UserSession session) {
        return session.maskedId() + " created " + session.creationTime() + " last access " + session.lastAccessedTime();
    }
}
