package dev.portablesession.internal.filter;

import dev.portablesession.UserSession;
import dev.portablesession.UserSessions;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.SaveOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link UserSessions} on the filter's store. Ending a session out of a request deletes it first
 * and tells its listeners after, from the data read just before: whoever deletes it is the one
 * that fires its events, so they fire once even when two servers end the same session.
 */
final class UserSessionIndex implements UserSessions {

    private final SessionManager manager;
    private final ClassLoader classLoader;

    UserSessionIndex(SessionManager manager, ClassLoader classLoader) {
        this.manager = manager;
        this.classLoader = classLoader;
    }

    @Override
    public List<UserSession> list(String principal) {
        Objects.requireNonNull(principal, "principal");
        if (principal.isEmpty()) {
            return List.of();
        }
        return manager.store().sessionsOf(principal, System.currentTimeMillis()).stream()
                .sorted(Comparator.comparingLong(StoredSession::lastAccessedTime))
                .<UserSession>map(Found::new)
                .toList();
    }

    @Override
    public int invalidateAll(String principal) {
        int ended = 0;
        for (UserSession session : list(principal)) {
            if (session.invalidate()) {
                ended++;
            }
        }
        return ended;
    }

    @Override
    public Optional<UserSession> find(String sessionId) {
        if (sessionId == null || !SessionIds.isWellFormed(sessionId)) {
            return Optional.empty();
        }
        return manager.store().peek(sessionId, System.currentTimeMillis())
                .filter(stored -> stored.principal() != null)
                .map(Found::new);
    }

    /**
     * Deletes the session, then fires its invalidation events with the application's class
     * loader (the caller may be a JMX thread).
     *
     * @return whether this call deleted it
     */
    boolean invalidate(String id) {
        Optional<StoredSession> stored = manager.store().peek(id, System.currentTimeMillis());
        if (stored.isEmpty() || manager.store().delete(id, SessionLock.NONE) != SaveOutcome.SAVED) {
            return false;
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            SessionFacade.loaded(manager, stored.get()).invalidate();
        } finally {
            thread.setContextClassLoader(before);
        }
        return true;
    }

    /** A session as the index found it. */
    private final class Found implements UserSession {
        private final StoredSession session;

        Found(StoredSession session) {
            this.session = session;
        }

        @Override
        public String principal() {
            return session.principal();
        }

        @Override
        public String id() {
            return session.id();
        }

        @Override
        public String maskedId() {
            return SessionFacade.abbreviated(session.id());
        }

        @Override
        public Instant creationTime() {
            return Instant.ofEpochMilli(session.creationTime());
        }

        @Override
        public Instant lastAccessedTime() {
            return Instant.ofEpochMilli(session.lastAccessedTime());
        }

        @Override
        public Duration maxInactiveInterval() {
            return Duration.ofSeconds(session.maxInactiveInterval());
        }

        @Override
        public boolean invalidate() {
            return UserSessionIndex.this.invalidate(session.id());
        }

        @Override
        public String toString() {
            return "UserSession[" + maskedId() + ", created " + creationTime() + ", last access " + lastAccessedTime() + "]";
        }
    }
}
