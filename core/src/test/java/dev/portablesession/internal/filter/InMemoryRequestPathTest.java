package dev.portablesession.internal.filter;

import dev.portablesession.internal.store.InMemorySessionStore;
import dev.portablesession.internal.store.SessionStore;

/** The request path against the in-memory store. */
class InMemoryRequestPathTest extends RequestPathContract {

    private final InMemorySessionStore store = new InMemorySessionStore();

    @Override
    protected SessionStore store() {
        return store;
    }
}
