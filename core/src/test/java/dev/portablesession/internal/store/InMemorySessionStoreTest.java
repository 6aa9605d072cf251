package dev.portablesession.internal.store;

/** The store contract against the in-memory store. */
class InMemorySessionStoreTest extends SessionStoreContract {

    private final InMemorySessionStore store = new InMemorySessionStore(ExpiryIndex.kept(HORIZON));

    @Override
    protected SessionStore store() {
        return store;
    }

    /** Shares nothing between servers: two claimers are two threads on one store. */
    @Override
    protected SessionStore otherServer() {
        return store;
    }
}
