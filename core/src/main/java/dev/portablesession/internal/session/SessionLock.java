package dev.portablesession.internal.session;

/**
 * The session lock of {@code lock.mode=exclusive} as one request holds it: a type with one
 * constant per state, so "holds no lock" and "lost the lock" can never be mistaken for each
 * other (as a fencing token of 0 once meant both).
 */
public sealed interface SessionLock {

    /**
     * Holds no lock: locking is off, the request's URL is excluded, or the session did not exist
     * when it was loaded. Writes go unfenced.
     */
    SessionLock NONE = new None();

    /**
     * Lost: the lease ran out and another request took the lock. The request writes nothing from
     * then on, not even to release the lock, which is not its own any more.
     */
    SessionLock LOST = new Lost();

    /** Held since a store handed out {@code fence}: the store refuses writes carrying an older token. */
    static SessionLock held(long fence) {
        return new Held(fence);
    }

    /** Whether writes of the request holding this may reach the store. */
    default boolean allowsWrites() {
        return !(this instanceof Lost);
    }

    /** @param fence the fencing token of the acquisition, positive; each acquisition gets a larger one */
    record Held(long fence) implements SessionLock {
        public Held {
            if (fence <= 0) {
                throw new IllegalArgumentException("a fencing token is positive: " + fence);
            }
        }
    }

    /** See {@link #NONE}. */
    record None() implements SessionLock {
    }

    /** See {@link #LOST}. */
    record Lost() implements SessionLock {
    }
}
