package dev.portablesession.internal.event;

/** How a store call ended. */
public enum StoreOutcome {
    /** Done: the session was loaded, written or deleted. */
    OK,
    /** Loaded nothing: no session has that id (never existed, expired or invalidated). */
    ABSENT,
    /** Another request holds the session lock; the caller waits and tries again. */
    BUSY,
    /** Nothing written: the session no longer exists. */
    GONE,
    /** Nothing written: another request took the session lock since this one's lease ran out. */
    FENCED,
    /** The store did not answer or failed; the request gets a 503. */
    FAILED
}
