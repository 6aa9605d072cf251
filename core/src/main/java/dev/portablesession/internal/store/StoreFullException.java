package dev.portablesession.internal.store;

import dev.portablesession.SessionStoreException;

/**
 * The store answers but refuses writes for want of memory (Redis at {@code maxmemory} with
 * {@code noeviction} answers {@code OOM}): reads can still be served, read-only.
 */
public final class StoreFullException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    /** @param message what was refused, by which store, without secrets */
    public StoreFullException(String message) {
        super(message, null);
    }
}
