package dev.portablesession.internal.store;

/** What became of a write. */
public enum SaveOutcome {
    /** Written. */
    SAVED,
    /**
     * Nothing written: the session no longer exists (invalidated, expired or moved to another id
     * by a concurrent request), and a write must not bring it back.
     */
    GONE,
    /**
     * Nothing written: the request's lease on the session lock ran out and another request took
     * the lock, whose work must not be overwritten.
     */
    FENCED
}
