package dev.portablesession.internal.filter;

import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.LockAttempt;
import dev.portablesession.internal.store.SaveOutcome;
import dev.portablesession.internal.store.SessionStore;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Watches a store for outages and says so once per outage, not once per request: a line when the
 * store stops answering, and one when it answers again.
 */
final class MonitoredStore implements SessionStore {

    private final SessionStore store;
    private final AtomicBoolean down = new AtomicBoolean();
    /** After close, failures are the shutdown's doing, not an outage worth a log line. */
    private volatile boolean closed;

    MonitoredStore(SessionStore store) {
        this.store = store;
    }

    @Override
    public Optional<StoredSession> load(String id, long now) {
        return call(() -> store.load(id, now));
    }

    @Override
    public LockAttempt lockAndLoad(String id, long now, long leaseMillis) {
        return call(() -> store.lockAndLoad(id, now, leaseMillis));
    }

    @Override
    public void create(StoredSession session) {
        call(() -> {
            store.create(session);
            return null;
        });
    }

    @Override
    public SaveOutcome save(SessionChanges changes) {
        return call(() -> store.save(changes));
    }

    @Override
    public SaveOutcome changeId(String oldId, SessionChanges changes) {
        return call(() -> store.changeId(oldId, changes));
    }

    @Override
    public void delete(String id) {
        call(() -> {
            store.delete(id);
            return null;
        });
    }

    @Override
    public void close() {
        closed = true;
        store.close();
    }

    private <T> T call(Supplier<T> operation) {
        try {
            T result = operation.get();
            if (down.compareAndSet(true, false)) {
                SessionManager.LOG.log(Level.INFO, "session store answers again; sessions are available");
            }
            return result;
        } catch (SessionStoreException e) {
            if (!closed && down.compareAndSet(false, true)) {
                SessionManager.LOG.log(Level.WARNING, e.getMessage() + "; requests that need a session get 503 until it answers");
            }
            throw e;
        }
    }
}
