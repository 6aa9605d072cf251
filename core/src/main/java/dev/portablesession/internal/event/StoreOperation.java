package dev.portablesession.internal.event;

/**
 * The calls made to the session store: by a request, and by the expiry poller
 * ({@link #CLAIM_EXPIRED}, {@link #FINISH_EXPIRED}). Each is one Redis round trip, but
 * {@link #CHANGE_ID}.
 */
public enum StoreOperation {
    /** Load a session and restart its expiry. */
    LOAD,
    /** Read a session without writing, while Redis refuses writes for memory. */
    PEEK,
    /** Take the session lock and load the session ({@code lock.mode=exclusive}); repeated while busy. */
    LOCK_AND_LOAD,
    /** Write a new session whole. */
    CREATE,
    /** Write a request's changes, releasing the lock when the request ends. */
    SAVE,
    /** Move a session to a new id with the request's changes (two round trips). */
    CHANGE_ID,
    /** Delete an invalidated session. */
    DELETE,
    /** Claim sessions past their due time for this server's expiry events (one batch; a round trip per Redis node). */
    CLAIM_EXPIRED,
    /** Delete expired sessions after their expiry events (one batch; a round trip per Redis node). */
    FINISH_EXPIRED,
    /** Fetch one attribute a load deferred ({@code attribute.lazy-above}). */
    FETCH_ATTRIBUTE,
    /** List the sessions of one user (one batch; a round trip per Redis node). */
    SESSIONS_OF
}
