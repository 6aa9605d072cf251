package dev.portablesession.internal.store;

/** The store contract against the in-memory store. */
class InMemorySessionStoreTest extends SessionStoreContract {

    private final InMemorySessionStore store = new InMemorySessionStore();

    @Override
    protected SessionStore store() {
        return store;
    }
}
