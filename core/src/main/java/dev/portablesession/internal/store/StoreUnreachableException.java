package dev.portablesession.internal.store;

import dev.portablesession.SessionStoreException;

/**
 * The store could not be reached: no connection, no answer in time, or a node that is failing
 * over. Other failures (a session of another format, a full store, too few replicas confirming a
 * write, a request whose budget was already spent) are plain {@link SessionStoreException}s:
 * {@code redis.down-policy=degrade} switches to local sessions on this one only.
 */
public final class StoreUnreachableException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    /** @param message what did not answer, without secrets */
    public StoreUnreachableException(String message) {
        super(message, null);
    }
}
