package dev.portablesession.internal.store;

import dev.portablesession.SessionStoreException;

/**
 * A session in the store has another format version than this library reads and writes (a newer
 * version of the library wrote it, during a rolling upgrade): it is left untouched, and the
 * request that needs it gets a 503 rather than a session that would overwrite it.
 */
public final class OtherFormatException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    /** @param message what was met, without the session id */
    public OtherFormatException(String message) {
        super(message, null);
    }
}
