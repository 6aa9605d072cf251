package dev.portablesession.internal.event;

/** The calls a request makes to the session store; each is one Redis round trip, but {@link #CHANGE_ID}. */
public enum StoreOperation {
    /** Load a session and restart its expiry. */
    LOAD,
    /** Take the session lock and load the session ({@code lock.mode=exclusive}); repeated while busy. */
    LOCK_AND_LOAD,
    /** Write a new session whole. */
    CREATE,
    /** Write a request's changes, releasing the lock when the request ends. */
    SAVE,
    /** Move a session to a new id with the request's changes (two round trips). */
    CHANGE_ID,
    /** Delete an invalidated session. */
    DELETE
}
