package dev.portablesession.internal.store;

import dev.portablesession.internal.session.StoredSession;
import java.util.Optional;

/**
 * The result of trying to lock a session and load it in one step.
 *
 * @param acquired false when another request holds the lock; try again later
 * @param fence the fencing token of the lock now held, or 0 when none was needed (the session
 *     does not exist) or it was not acquired
 * @param session the session as loaded, when acquired and it exists
 */
public record LockAttempt(boolean acquired, long fence, Optional<StoredSession> session) {

    /** Another request holds the lock. */
    public static LockAttempt busy() {
        return new LockAttempt(false, 0, Optional.empty());
    }

    /** There is no such session, so nothing to lock. */
    public static LockAttempt absent() {
        return new LockAttempt(true, 0, Optional.empty());
    }
}
