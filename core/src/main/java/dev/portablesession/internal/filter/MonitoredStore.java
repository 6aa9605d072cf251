package dev.portablesession.internal.filter;

import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.event.StoreCall;
import dev.portablesession.internal.event.StoreOperation;
import dev.portablesession.internal.event.StoreOutcome;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.LockAttempt;
import dev.portablesession.internal.store.OtherFormatException;
import dev.portablesession.internal.store.SaveOutcome;
import dev.portablesession.internal.store.SessionStore;
import dev.portablesession.internal.store.StoreFullException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Reports every call to a store as a {@link StoreCall} event (operation, outcome, time, bytes),
 * and outages once each: when the store stops answering, and when it answers again.
 */
final class MonitoredStore implements SessionStore {

    /** No outage now. */
    private static final long UP = Long.MIN_VALUE;

    /** The calls of the request whose writer is at work on this thread, if any. */
    private static final ThreadLocal<List<StoreCall>> RECORDING = new ThreadLocal<>();

    private final SessionStore store;
    private final SessionEvents events;
    /** {@link System#nanoTime()} when the current outage started, or {@link #UP}. */
    private final AtomicLong downSince = new AtomicLong(UP);
    /** After close, failures are the shutdown's doing, not an outage worth reporting. */
    private volatile boolean closed;

    MonitoredStore(SessionStore store, SessionEvents events) {
        this.store = store;
        this.events = events;
    }

    /** A load; while the store refuses writes for memory, a peek instead, which does not end that state. */
    @Override
    public Optional<StoredSession> load(String id, long now) {
        try {
            return call(StoreOperation.LOAD, 0, () -> store.load(id, now),
                    loaded -> loaded.isPresent() ? StoreOutcome.OK : StoreOutcome.ABSENT,
                    loaded -> loaded.map(MonitoredStore::size).orElse(0L));
        } catch (StoreFullException e) {
            return peek(id, now);
        }
    }

    @Override
    public Optional<StoredSession> peek(String id, long now) {
        return call(StoreOperation.PEEK, 0, () -> store.peek(id, now),
                loaded -> loaded.isPresent() ? StoreOutcome.OK : StoreOutcome.ABSENT,
                loaded -> loaded.map(MonitoredStore::size).orElse(0L));
    }

    @Override
    public LockAttempt lockAndLoad(String id, long now, long leaseMillis) {
        return call(StoreOperation.LOCK_AND_LOAD, 0, () -> store.lockAndLoad(id, now, leaseMillis),
                attempt -> !attempt.acquired() ? StoreOutcome.BUSY : attempt.session().isPresent() ? StoreOutcome.OK
                        : StoreOutcome.ABSENT,
                attempt -> attempt.session().map(MonitoredStore::size).orElse(0L));
    }

    @Override
    public void create(StoredSession session) {
        call(StoreOperation.CREATE, size(session), () -> {
            store.create(session);
            return null;
        }, done -> StoreOutcome.OK, done -> 0L);
    }

    @Override
    public SaveOutcome save(SessionChanges changes) {
        return call(StoreOperation.SAVE, size(changes), () -> store.save(changes), MonitoredStore::outcome, saved -> 0L);
    }

    @Override
    public SaveOutcome changeId(String oldId, SessionChanges changes) {
        return call(StoreOperation.CHANGE_ID, size(changes), () -> store.changeId(oldId, changes),
                MonitoredStore::outcome, moved -> 0L);
    }

    @Override
    public SaveOutcome delete(String id, SessionLock lock) {
        return call(StoreOperation.DELETE, 0, () -> store.delete(id, lock), MonitoredStore::outcome, done -> 0L);
    }

    @Override
    public List<StoredSession> claimExpired(long now, int limit, long claimMillis) {
        return call(StoreOperation.CLAIM_EXPIRED, 0, () -> store.claimExpired(now, limit, claimMillis),
                claimed -> claimed.isEmpty() ? StoreOutcome.ABSENT : StoreOutcome.OK,
                claimed -> claimed.stream().mapToLong(MonitoredStore::size).sum());
    }

    @Override
    public void finishExpired(List<String> ids) {
        call(StoreOperation.FINISH_EXPIRED, 0, () -> {
            store.finishExpired(ids);
            return null;
        }, done -> StoreOutcome.OK, done -> 0L);
    }

    @Override
    public Optional<byte[]> attribute(String id, String name) {
        return call(StoreOperation.FETCH_ATTRIBUTE, 0, () -> store.attribute(id, name),
                found -> found.isPresent() ? StoreOutcome.OK : StoreOutcome.ABSENT, found -> found.map(b -> (long) b.length).orElse(0L));
    }

    @Override
    public List<StoredSession> sessionsOf(String principal, long now) {
        return call(StoreOperation.SESSIONS_OF, 0, () -> store.sessionsOf(principal, now),
                found -> found.isEmpty() ? StoreOutcome.ABSENT : StoreOutcome.OK, found -> 0L);
    }

    /** Not a call of the application's: read by the metrics, which must not count it. */
    @Override
    public OptionalLong countActive(long now) {
        return store.countActive(now);
    }

    @Override
    public void close() {
        closed = true;
        store.close();
    }

    /**
     * Runs {@code work}, adding every store call it makes on this thread to {@code calls}: how a
     * request's writer learns what its own calls cost, for the per-request trace.
     */
    static <T> T recording(List<StoreCall> calls, Supplier<T> work) {
        List<StoreCall> outer = RECORDING.get();
        RECORDING.set(calls);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                RECORDING.remove();
            } else {
                RECORDING.set(outer);
            }
        }
    }

    private void report(StoreCall call) {
        events.storeCall(call);
        List<StoreCall> recording = RECORDING.get();
        if (recording != null) {
            recording.add(call);
        }
    }

    private <T> T call(StoreOperation operation, long bytesSent, Supplier<T> call,
            Function<T, StoreOutcome> outcome, ToLongFunction<T> bytesReceived) {
        long start = System.nanoTime();
        T result;
        try {
            result = call.get();
        } catch (SessionStoreException e) {
            long end = System.nanoTime();
            report(new StoreCall(operation, StoreOutcome.FAILED, end - start, bytesSent, 0));
            if (e instanceof OtherFormatException) {
                // One session's doing, not the store's: no outage.
                events.otherFormat(e.getMessage());
                throw e;
            }
            if (!closed && downSince.compareAndSet(UP, end)) {
                if (e instanceof StoreFullException) {
                    events.storeFull(e.getMessage());
                } else {
                    events.outageStarted(e.getMessage());
                }
            }
            throw e;
        }
        long end = System.nanoTime();
        report(new StoreCall(operation, outcome.apply(result), end - start, bytesSent,
                bytesReceived.applyAsLong(result)));
        long since = downSince.get();
        // A peek answers while writes are still refused: only another call ends that.
        if (operation != StoreOperation.PEEK && since != UP && downSince.compareAndSet(since, UP)) {
            events.outageEnded(end - since);
        }
        return result;
    }

    private static StoreOutcome outcome(SaveOutcome saved) {
        return switch (saved) {
            case SAVED -> StoreOutcome.OK;
            case GONE -> StoreOutcome.GONE;
            case FENCED -> StoreOutcome.FENCED;
        };
    }

    private static long size(StoredSession session) {
        return size(session.attributes());
    }

    private static long size(SessionChanges changes) {
        long bytes = size(changes.setAttributes());
        for (String name : changes.removedAttributes()) {
            bytes += utf8Length(name);
        }
        return bytes;
    }

    private static long size(Map<String, byte[]> attributes) {
        long bytes = 0;
        for (Map.Entry<String, byte[]> attribute : attributes.entrySet()) {
            bytes += utf8Length(attribute.getKey()) + attribute.getValue().length;
        }
        return bytes;
    }

    private static long utf8Length(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }
}
