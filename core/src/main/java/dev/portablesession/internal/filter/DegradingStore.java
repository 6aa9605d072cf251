package dev.portablesession.internal.filter;

import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.InMemorySessionStore;
import dev.portablesession.internal.store.LockAttempt;
import dev.portablesession.internal.store.OtherFormatException;
import dev.portablesession.internal.store.SaveOutcome;
import dev.portablesession.internal.store.SessionStore;
import dev.portablesession.internal.store.StoreFullException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code redis.down-policy=degrade}: while Redis cannot be reached, sessions live in this
 * server's memory, and when Redis answers again they are reconciled by a stated rule.
 *
 * <p>A call that fails because Redis does not answer (not because a session has another format,
 * nor because Redis is full: those keep their own handling) switches the store to degraded, and
 * that call and every one after it is served from a local in-memory store, without waiting for
 * Redis. A session is seeded there from the last state this server saw of it in Redis (its
 * latest sessions are remembered, up to {@link #KNOWN_SESSIONS} and {@link #KNOWN_BYTES}). A
 * session it has not seen is not found, as if it had expired: the request gets a new session if it
 * asks for one, never one under an id the client chose (which would let a planted id in).
 *
 * <p>Once a second a probe asks Redis; when it answers, every local session is reconciled before
 * requests go back to Redis:
 * <ul>
 * <li>invalidated here (or moved by a change of id): deleted in Redis, whatever happened there;
 * a logout is never undone;</li>
 * <li>created here: written to Redis;</li>
 * <li>seeded from a state seen before the outage: its changes are written back if the session in
 * Redis still holds that state (the same attributes and interval; reads do not count), else
 * dropped and counted; written under the session lock, so no locking request interleaves;</li>
 * </ul>
 * Requests that arrive during reconciliation still use local sessions; those are reconciled in
 * the next pass. Expiry events do not fire for local sessions.
 */
final class DegradingStore implements SessionStore {

    /** How many sessions' last states are remembered for seeding, at most. */
    static final int KNOWN_SESSIONS = 10_000;
    /** How many bytes of attribute values the remembered states hold, at most. */
    static final long KNOWN_BYTES = 32L * 1024 * 1024;
    private static final long PROBE_MILLIS = 1_000;
    private static final int MAX_PASSES = 10;
    private static final long RECONCILE_LEASE_MILLIS = 10_000;

    private final SessionStore redis;
    private final SessionEvents events;
    private final InMemorySessionStore local = new InMemorySessionStore();
    private final Known known = new Known();
    /** Local sessions seeded from a remembered state: id → that state, as Redis held it then. */
    private final Map<String, StoredSession> seededFrom = new ConcurrentHashMap<>();
    /** Ids invalidated or moved away while degraded: deleted in Redis when it is back. */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService probe;
    private volatile boolean degraded;

    DegradingStore(SessionStore redis, SessionEvents events) {
        this.redis = redis;
        this.events = events;
        this.probe = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "portable-session-degrade-probe");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether sessions are being served from this server's memory now. */
    boolean degraded() {
        return degraded;
    }

    @Override
    public Optional<StoredSession> load(String id, long now) {
        return either(() -> {
            Optional<StoredSession> loaded = redis.load(id, now);
            loaded.ifPresentOrElse(session -> known.put(seen(session, now)), () -> known.remove(id));
            return loaded;
        }, () -> {
            seed(id);
            return local.load(id, now);
        });
    }

    @Override
    public Optional<StoredSession> peek(String id, long now) {
        return either(() -> redis.peek(id, now), () -> {
            seed(id);
            return local.peek(id, now);
        });
    }

    @Override
    public LockAttempt lockAndLoad(String id, long now, long leaseMillis) {
        return either(() -> {
            LockAttempt attempt = redis.lockAndLoad(id, now, leaseMillis);
            attempt.session().ifPresent(session -> known.put(seen(session, now)));
            return attempt;
        }, () -> {
            seed(id);
            return local.lockAndLoad(id, now, leaseMillis);
        });
    }

    @Override
    public void create(StoredSession session) {
        either(() -> {
            redis.create(session);
            known.put(session);
            return null;
        }, () -> {
            local.create(session);
            return null;
        });
    }

    @Override
    public SaveOutcome save(SessionChanges changes) {
        return either(() -> {
            SaveOutcome outcome = redis.save(changes);
            if (outcome == SaveOutcome.SAVED) {
                known.apply(changes);
            } else {
                known.remove(changes.id());
            }
            return outcome;
        }, () -> {
            seed(changes.id());
            return local.save(changes);
        });
    }

    @Override
    public SaveOutcome changeId(String oldId, SessionChanges changes) {
        return either(() -> {
            known.remove(oldId);
            return redis.changeId(oldId, changes);
        }, () -> {
            seed(oldId);
            SaveOutcome outcome = local.changeId(oldId, changes);
            if (outcome == SaveOutcome.SAVED) {
                // The new id is this server's creation; the old one must die in Redis too.
                ended.add(oldId);
                seededFrom.remove(oldId);
            }
            return outcome;
        });
    }

    @Override
    public SaveOutcome delete(String id, SessionLock lock) {
        return either(() -> {
            known.remove(id);
            return redis.delete(id, lock);
        }, () -> {
            local.delete(id, lock);
            ended.add(id);
            seededFrom.remove(id);
            return SaveOutcome.SAVED;
        });
    }

    /** The expiry poller works on Redis alone: local sessions fire no expiry events. */
    @Override
    public List<StoredSession> claimExpired(long now, int limit, long claimMillis) {
        return redis.claimExpired(now, limit, claimMillis);
    }

    @Override
    public void finishExpired(List<String> ids) {
        redis.finishExpired(ids);
    }

    @Override
    public OptionalLong countActive(long now) {
        return redis.countActive(now);
    }

    @Override
    public void close() {
        probe.shutdownNow();
        redis.close();
    }

    /**
     * Runs {@code onRedis} unless degraded; when it fails because Redis does not answer, degrades
     * and runs {@code locally}, as every call does until Redis is back.
     */
    private <T> T either(Supplier<T> onRedis, Supplier<T> locally) {
        if (!degraded) {
            try {
                return onRedis.get();
            } catch (OtherFormatException | StoreFullException e) {
                throw e;
            } catch (SessionStoreException e) {
                degrade();
            }
        }
        return locally.get();
    }

    private synchronized void degrade() {
        if (!degraded) {
            degraded = true;
            events.degraded();
            probe.schedule(this::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Puts a session into the local store the first time a degraded call names it. */
    private synchronized void seed(String id) {
        if (seededFrom.containsKey(id) || ended.contains(id) || local.contains(id)) {
            return;
        }
        StoredSession seen = known.get(id);
        if (seen != null) {
            seededFrom.put(id, seen);
            local.create(copy(seen));
        }
    }

    private void probe() {
        try {
            // A load of an id that names nothing: writes nothing, and ends the outage when it answers.
            redis.load(SessionIds.generate(), System.currentTimeMillis());
        } catch (RuntimeException e) {
            probe.schedule(this::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            reconcile();
        } catch (RuntimeException e) {
            // Redis failed again part way: what is left stays local for the next try.
            probe.schedule(this::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Passes over the local sessions until none is left (or a few passes), then goes back to Redis. */
    private void reconcile() {
        Reconciliation done = new Reconciliation();
        for (int pass = 0; pass < MAX_PASSES && (!local.ids().isEmpty() || !ended.isEmpty()); pass++) {
            for (String id : Set.copyOf(ended)) {
                redis.delete(id, SessionLock.NONE);
                known.remove(id);
                ended.remove(id);
                done.deleted++;
            }
            for (String id : local.ids()) {
                reconcile(id, done);
            }
        }
        degraded = false;
        events.reconciled(done.written, done.created, done.deleted, done.dropped);
    }

    private void reconcile(String id, Reconciliation done) {
        StoredSession here;
        StoredSession base;
        synchronized (this) {
            Optional<StoredSession> taken = local.remove(id);
            base = seededFrom.remove(id);
            if (taken.isEmpty()) {
                return;
            }
            here = taken.get();
        }
        try {
            reconcile(here, base, done);
        } catch (RuntimeException e) {
            // Redis failed again: the session stays local, as it was, for the next try.
            synchronized (this) {
                local.create(here);
                if (base != null) {
                    seededFrom.put(id, base);
                }
            }
            throw e;
        }
    }

    private void reconcile(StoredSession here, StoredSession base, Reconciliation done) {
        String id = here.id();
        if (base == null) {
            redis.create(here);
            known.put(here);
            done.created++;
            return;
        }
        long now = System.currentTimeMillis();
        // A read that moves nothing first: a session found changed is dropped without touching it.
        Optional<StoredSession> peeked = redis.peek(id, now);
        if (peeked.isEmpty() || !sameContent(peeked.get(), base)) {
            done.dropped++;
            return;
        }
        LockAttempt attempt = redis.lockAndLoad(id, now, RECONCILE_LEASE_MILLIS);
        if (!attempt.acquired()) {
            // Another request holds the lock: try again in the next pass.
            synchronized (this) {
                local.create(here);
                seededFrom.put(id, base);
            }
            return;
        }
        if (attempt.session().isEmpty()) {
            done.dropped++;
            return;
        }
        StoredSession there = attempt.session().get();
        SessionLock held = attempt.lock();
        if (!sameContent(there, base)) {
            redis.save(new SessionChanges(id, null, Map.of(), Set.of(), held, true));
            done.dropped++;
            return;
        }
        Map<String, byte[]> set = new HashMap<>();
        here.attributes().forEach((name, value) -> {
            if (!Arrays.equals(value, there.attributes().get(name))) {
                set.put(name, value);
            }
        });
        Set<String> removed = new HashSet<>(there.attributes().keySet());
        removed.removeAll(here.attributes().keySet());
        Integer interval = here.maxInactiveInterval() != there.maxInactiveInterval() ? here.maxInactiveInterval() : null;
        SessionChanges changes = new SessionChanges(id, interval, set, removed, held, true);
        if (redis.save(changes) == SaveOutcome.SAVED) {
            known.put(seen(there, now));
            known.apply(changes);
            done.written++;
        } else {
            done.dropped++;
        }
    }

    /** What a reconciliation did, for its one log line and the metrics. */
    private static final class Reconciliation {
        int written;
        int created;
        int deleted;
        int dropped;
    }

    /**
     * Whether Redis's session holds what {@code base} held: the same attribute bytes and interval.
     * Access times are left out: a read elsewhere changes nothing worth keeping, and a command of
     * this server's that reached Redis late (sent as the outage began) only moves the access time.
     */
    private static boolean sameContent(StoredSession stored, StoredSession base) {
        if (stored.maxInactiveInterval() != base.maxInactiveInterval()
                || !stored.attributes().keySet().equals(base.attributes().keySet())) {
            return false;
        }
        return base.attributes().entrySet().stream()
                .allMatch(entry -> Arrays.equals(entry.getValue(), stored.attributes().get(entry.getKey())));
    }

    /** The session as Redis holds it after a load at {@code now}: the load moved its last access. */
    private static StoredSession seen(StoredSession loaded, long now) {
        return new StoredSession(loaded.id(), loaded.creationTime(), Math.max(loaded.lastAccessedTime(), now),
                loaded.maxInactiveInterval(), loaded.attributes());
    }

    private static StoredSession copy(StoredSession session) {
        return new StoredSession(session.id(), session.creationTime(), session.lastAccessedTime(),
                session.maxInactiveInterval(), new HashMap<>(session.attributes()));
    }

    /**
     * The last state this server saw of its most recent sessions, least recently seen dropped
     * first, bounded in count and in bytes.
     */
    private static final class Known {
        private final LinkedHashMap<String, StoredSession> sessions = new LinkedHashMap<>(16, 0.75f, true);
        private long bytes;

        synchronized StoredSession get(String id) {
            return sessions.get(id);
        }

        synchronized void put(StoredSession session) {
            remove(session.id());
            long size = size(session);
            if (size > KNOWN_BYTES) {
                return;
            }
            sessions.put(session.id(), copy(session));
            bytes += size;
            var eldest = sessions.entrySet().iterator();
            while ((sessions.size() > KNOWN_SESSIONS || bytes > KNOWN_BYTES) && eldest.hasNext()) {
                bytes -= size(eldest.next().getValue());
                eldest.remove();
            }
        }

        synchronized void apply(SessionChanges changes) {
            StoredSession session = sessions.get(changes.id());
            if (session == null) {
                return;
            }
            Map<String, byte[]> attributes = new HashMap<>(session.attributes());
            attributes.keySet().removeAll(changes.removedAttributes());
            attributes.putAll(changes.setAttributes());
            put(new StoredSession(session.id(), session.creationTime(), session.lastAccessedTime(),
                    changes.maxInactiveInterval() != null ? changes.maxInactiveInterval() : session.maxInactiveInterval(),
                    attributes));
        }

        synchronized void remove(String id) {
            StoredSession gone = sessions.remove(id);
            if (gone != null) {
                bytes -= size(gone);
            }
        }

        private static long size(StoredSession session) {
            return session.attributes().values().stream().mapToLong(value -> value.length).sum();
        }
    }
}
