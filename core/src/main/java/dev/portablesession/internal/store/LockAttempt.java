package dev.portablesession.internal.store;

import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import java.util.Optional;

/**
 * The result of trying to lock a session and load it in one step.
 *
 * @param acquired false when another request holds the lock; try again later
 * @param lock the lock now held, or {@link SessionLock#NONE} when none was needed (the session
 *     does not exist) or it was not acquired
 * @param session the session as loaded, when acquired and it exists
 */
public record LockAttempt(boolean acquired, SessionLock lock, Optional<StoredSession> session) {

    /** Another request holds the lock. */
    public static LockAttempt busy() {
        return new LockAttempt(false, SessionLock.NONE, Optional.empty());
    }

    /** There is no such session, so nothing to lock. */
    public static LockAttempt absent() {
        return new LockAttempt(true, SessionLock.NONE, Optional.empty());
    }

    /** The lock is taken under fencing token {@code fence} and the session loaded. */
    public static LockAttempt locked(long fence, StoredSession session) {
        return new LockAttempt(true, SessionLock.held(fence), Optional.of(session));
    }
}
