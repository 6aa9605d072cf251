package dev.portablesession.internal.filter;

import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.InMemorySessionStore;
import dev.portablesession.internal.store.LockAttempt;
import dev.portablesession.internal.store.SaveOutcome;
import dev.portablesession.internal.store.SessionStore;
import dev.portablesession.internal.store.StoreUnreachableException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code redis.down-policy=degrade}: while Redis cannot be reached, sessions live in this
 * server's memory, and when Redis answers again they are reconciled by a stated rule.
 *
 * <p>A call that fails because Redis does not answer ({@link StoreUnreachableException}: no
 * connection, or no answer in time; not a session of another format, Redis full, too few
 * replicas or a request's spent budget, which keep their own handling) switches the store to
 * degraded, and that call and every one after it is served from a local in-memory store, without
 * waiting for Redis. A session is seeded there from the last state this server saw of it in
 * Redis (its latest sessions are remembered, up to {@link #KNOWN_SESSIONS} and
 * {@link #KNOWN_BYTES}). A session it has not seen is not found, as if it had expired: the request
 * gets a new session if it asks for one, never one under an id the client chose (which would let
 * a planted id in). At most {@link #KNOWN_SESSIONS} sessions are held locally; past that, new
 * ones get 503.
 *
 * <p>Once a second a probe asks Redis; when it answers, the local sessions are reconciled, then
 * requests go back to Redis, and what is still local (sessions requests were using meanwhile) is
 * reconciled by the probe, or by the first request that names it, before that request's own call:
 * <ul>
 * <li>invalidated here (or moved by a change of id): deleted in Redis, whatever happened there;
 * a logout is never undone;</li>
 * <li>created here: written to Redis;</li>
 * <li>seeded from a state seen before the outage: its changes are written back if the session in
 * Redis still holds that state (the same attributes and interval; reads do not count), or that
 * state plus the changes of the call whose failure started the outage (Redis may have run it
 * late), else dropped and counted; written under the session lock, so no locking request
 * interleaves.</li>
 * </ul>
 * Locks: a lock a request took in Redis before the outage, or locally during it, is honoured only
 * by the store that issued it; a request carrying the other store's lock writes unfenced. A
 * locally locked session is reconciled once its request is done. Expiry events do not fire for
 * local sessions, and a server stopped while degraded loses its local sessions (logged).
 *
 * <p>One monitor guards the local state: every local operation, the switch in both directions
 * and taking a session out for reconciliation; no Redis call is made while holding it.
 */
final class DegradingStore implements SessionStore {

    /** How many sessions' last states are remembered for seeding, and held locally, at most. */
    static final int KNOWN_SESSIONS = 10_000;
    /** How many bytes of attribute values the remembered states hold, at most. */
    static final long KNOWN_BYTES = 32L * 1024 * 1024;
    private static final long PROBE_MILLIS = 1_000;
    private static final int MAX_PASSES = 10;
    private static final long RECONCILE_LEASE_MILLIS = 10_000;
    private static final long RECONCILING_WAIT_MILLIS = 5_000;

    private final SessionStore redis;
    private final SessionEvents events;
    private final InMemorySessionStore local = new InMemorySessionStore();
    private final Known known = new Known();
    /** Local sessions seeded from a remembered state: id → that state, as Redis held it then. */
    private final Map<String, StoredSession> seededFrom = new HashMap<>();
    /** The state Redis may hold instead, when the call that failed was a write of this session. */
    private final Map<String, StoredSession> inDoubt = new HashMap<>();
    /** Fences the local store issued, by session id: honoured locally, never sent to Redis. */
    private final Map<String, Long> localFences = new HashMap<>();
    /**
     * Locks of Redis's whose requests finished locally, by session id: their release never
     * reached Redis, so reconciliation writes under them (and releases them) rather than wait
     * out their lease.
     */
    private final Map<String, Long> orphanedLocks = new HashMap<>();
    /** Ids invalidated or moved away while degraded: deleted in Redis when it is back. */
    private final Set<String> ended = new HashSet<>();
    /** Ids taken out for reconciliation right now: a request naming one waits for it. */
    private final Set<String> reconciling = new HashSet<>();
    private final ScheduledExecutorService probe;
    private final Reconciliation done = new Reconciliation();
    /** Guarded by this; read without it only to take the fast path. */
    private volatile boolean degraded;
    private boolean probing;

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
        return either(id, null, null, () -> {
            Optional<StoredSession> loaded = redis.load(id, now);
            loaded.ifPresentOrElse(session -> known.put(seen(session, now)), () -> known.remove(id));
            return loaded;
        }, () -> local.load(id, now));
    }

    @Override
    public Optional<StoredSession> peek(String id, long now) {
        return either(id, null, null, () -> redis.peek(id, now), () -> local.peek(id, now));
    }

    @Override
    public LockAttempt lockAndLoad(String id, long now, long leaseMillis) {
        return either(id, null, null, () -> {
            LockAttempt attempt = redis.lockAndLoad(id, now, leaseMillis);
            attempt.session().ifPresent(session -> known.put(seen(session, now)));
            if (attempt.acquired()) {
                // A lock of Redis's now: the local fence of this id, if any, is obsolete.
                redisLocked(id);
            }
            return attempt;
        }, () -> {
            LockAttempt attempt = local.lockAndLoad(id, now, leaseMillis);
            if (attempt.lock() instanceof SessionLock.Held held) {
                localFences.put(id, held.fence());
            }
            return attempt;
        });
    }

    @Override
    public void create(StoredSession session) {
        either(null, null, null, () -> {
            redis.create(session);
            known.put(session);
            return null;
        }, () -> {
            if (local.size() >= KNOWN_SESSIONS) {
                throw new SessionStoreException("Redis does not answer and this server already holds "
                        + KNOWN_SESSIONS + " sessions in memory (redis.down-policy=degrade)", null);
            }
            local.create(session);
            return null;
        });
    }

    @Override
    public SaveOutcome save(SessionChanges changes) {
        String id = changes.id();
        return either(id, changes, changes.lock(), () -> {
            SaveOutcome outcome = redis.save(forRedis(changes));
            if (outcome == SaveOutcome.SAVED) {
                known.apply(changes);
            } else {
                known.remove(id);
            }
            return outcome;
        }, () -> local.save(forLocal(changes)));
    }

    @Override
    public SaveOutcome changeId(String oldId, SessionChanges changes) {
        return either(oldId, changes, changes.lock(), () -> {
            SaveOutcome outcome = redis.changeId(oldId, forRedis(changes));
            if (outcome == SaveOutcome.SAVED) {
                known.move(oldId, changes);
            } else {
                known.remove(oldId);
            }
            return outcome;
        }, () -> {
            SaveOutcome outcome = local.changeId(oldId, forLocal(changes));
            if (outcome == SaveOutcome.SAVED) {
                // The new id is this server's creation; the old one must die in Redis too.
                forget(oldId);
                ended.add(oldId);
            }
            return outcome;
        });
    }

    @Override
    public SaveOutcome delete(String id, SessionLock lock) {
        return either(id, null, lock, () -> {
            known.remove(id);
            return redis.delete(id, forRedis(id, lock));
        }, () -> {
            // An invalidation always wins: whatever lock the request holds, the session goes.
            local.remove(id);
            forget(id);
            ended.add(id);
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

    /** From Redis alone; never asked for while degrading: with this policy loads defer nothing. */
    @Override
    public Optional<byte[]> attribute(String id, String name) {
        return redis.attribute(id, name);
    }

    /** From Redis alone: sessions held in this server's memory during an outage are not listed. */
    @Override
    public List<StoredSession> sessionsOf(String principal, long now) {
        return redis.sessionsOf(principal, now);
    }

    @Override
    public OptionalLong countActive(long now) {
        return redis.countActive(now);
    }

    @Override
    public void close() {
        probe.shutdownNow();
        int held;
        synchronized (this) {
            held = local.size() + ended.size();
        }
        if (held > 0) {
            LoggingEvents.LOG.log(System.Logger.Level.WARNING, "stopping while Redis did not answer: " + held
                    + " sessions served from this server's memory are lost (redis.down-policy=degrade)");
        }
        redis.close();
    }

    /**
     * Runs {@code onRedis} unless degraded; when it fails because Redis does not answer, degrades
     * and runs {@code locally}, as every call does until Redis is back. Before a call on Redis, a
     * session still held locally (the switch back happened while a request was using it) is
     * reconciled first.
     *
     * @param id the session the call names, or null (a new session)
     * @param changes the changes the call writes, or null; kept as what Redis may hold after all
     *     should the call fail
     * @param held the lock the calling request holds, or null: a local one lets that request's
     *     session be reconciled although it is locked (its holder is the caller)
     */
    private <T> T either(String id, SessionChanges changes, SessionLock held, Supplier<T> onRedis,
            Supplier<T> locally) {
        if (degraded) {
            synchronized (this) {
                if (degraded) {
                    return locallyNamed(id, locally);
                }
            }
        }
        try {
            if (id != null && pendingLocally(id)) {
                reconcileOne(id, held != null && forRedis(id, held) != held);
            }
            return onRedis.get();
        } catch (StoreUnreachableException e) {
            synchronized (this) {
                degrade();
                if (id != null && changes != null && !local.contains(id)) {
                    StoredSession seen = known.get(id);
                    if (seen != null) {
                        inDoubt.put(id, applied(seen, changes));
                    }
                }
                return locallyNamed(id, locally);
            }
        }
    }

    /** Under the monitor: seeds the session the call names, then runs the local call. */
    private <T> T locallyNamed(String id, Supplier<T> locally) {
        if (id != null) {
            awaitReconciled(id);
            seed(id);
        }
        return locally.get();
    }

    private synchronized boolean pendingLocally(String id) {
        return local.contains(id) || ended.contains(id) || reconciling.contains(id);
    }

    /** Under the monitor. */
    private void degrade() {
        if (!degraded) {
            degraded = true;
            events.degraded();
        }
        scheduleProbe();
    }

    /** Under the monitor. */
    private void scheduleProbe() {
        if (!probing) {
            try {
                probe.schedule(this::probe, PROBE_MILLIS, TimeUnit.MILLISECONDS);
                probing = true;
            } catch (RejectedExecutionException closed) {
                // Stopping: nothing left to reconcile into.
            }
        }
    }

    /** Under the monitor: waits while the probe has the session out for reconciliation. */
    private void awaitReconciled(String id) {
        long deadline = System.currentTimeMillis() + RECONCILING_WAIT_MILLIS;
        while (reconciling.contains(id) && System.currentTimeMillis() < deadline) {
            try {
                wait(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Under the monitor: puts a session into the local store the first time a degraded call names it. */
    private void seed(String id) {
        if (seededFrom.containsKey(id) || ended.contains(id) || local.contains(id)) {
            return;
        }
        StoredSession seen = known.get(id);
        if (seen != null && local.size() < KNOWN_SESSIONS) {
            seededFrom.put(id, seen);
            local.create(copy(seen));
        }
    }

    /**
     * Under the monitor: forgets what the degraded period knew of {@code id}. Its local fence
     * stays: a request that locked it locally may still write, and must then write unfenced.
     */
    private void forget(String id) {
        seededFrom.remove(id);
        inDoubt.remove(id);
        orphanedLocks.remove(id);
    }

    private synchronized void redisLocked(String id) {
        localFences.remove(id);
    }

    /** The changes as Redis may take them: a lock the local store issued means nothing there. */
    private SessionChanges forRedis(SessionChanges changes) {
        SessionLock lock = forRedis(changes.id(), changes.lock());
        return lock == changes.lock() ? changes : changes.under(lock, false);
    }

    private synchronized SessionLock forRedis(String id, SessionLock lock) {
        if (lock instanceof SessionLock.Held held && Long.valueOf(held.fence()).equals(localFences.get(id))) {
            return SessionLock.NONE;
        }
        return lock;
    }

    /** Under the monitor: a lock Redis issued means nothing to the local store. */
    private SessionChanges forLocal(SessionChanges changes) {
        if (changes.lock() instanceof SessionLock.Held held
                && !Long.valueOf(held.fence()).equals(localFences.get(changes.id()))) {
            orphanedLocks.put(changes.id(), held.fence());
            return changes.under(SessionLock.NONE, false);
        }
        return changes;
    }

    private synchronized Long orphanedLock(String id) {
        return orphanedLocks.get(id);
    }

    private void probe() {
        synchronized (this) {
            probing = false;
        }
        try {
            // A load of an id that names nothing: writes nothing, and ends the outage when it answers.
            redis.load(SessionIds.generate(), System.currentTimeMillis());
            reconcile();
        } catch (RuntimeException e) {
            // Redis failed (again): what is left stays local for the next try.
            synchronized (this) {
                if (degraded || local.size() + ended.size() > 0) {
                    scheduleProbe();
                }
            }
        }
    }

    /**
     * A few passes over the local sessions while still degraded, then back to Redis, under the
     * monitor so no local operation straddles the switch; what requests still hold is reconciled
     * by later probes, or by the request that names it.
     */
    private void reconcile() {
        for (int pass = 0; pass < MAX_PASSES && !idsHeld().isEmpty(); pass++) {
            for (String id : idsHeld()) {
                reconcileOne(id, false);
            }
        }
        Reconciliation report;
        synchronized (this) {
            boolean wasDegraded = degraded;
            degraded = false;
            boolean drained = local.size() + ended.size() == 0;
            if (!drained) {
                scheduleProbe();
            }
            if (!wasDegraded && !drained) {
                return;
            }
            report = done.take();
            // Reported before any later degradation can be, so the metrics never show the wrong state.
            events.reconciled(report.written, report.created, report.deleted, report.dropped);
        }
    }

    private synchronized Set<String> idsHeld() {
        Set<String> ids = new HashSet<>(ended);
        ids.addAll(local.ids());
        ids.removeAll(reconciling);
        return ids;
    }

    /**
     * Reconciles one session now, unless it is locked locally (and {@code lockedByCaller} is
     * false) or another thread has it out already, which this one then waits for.
     */
    private void reconcileOne(String id, boolean lockedByCaller) {
        StoredSession here;
        StoredSession base;
        StoredSession doubt;
        boolean invalidated;
        synchronized (this) {
            awaitReconciled(id);
            invalidated = ended.contains(id);
            Optional<StoredSession> taken = invalidated || (local.isLocked(id) && !lockedByCaller) ? Optional.empty()
                    : local.remove(id);
            if (!invalidated && taken.isEmpty()) {
                return;
            }
            here = taken.orElse(null);
            base = seededFrom.get(id);
            doubt = inDoubt.get(id);
            reconciling.add(id);
        }
        boolean finished = false;
        try {
            if (invalidated) {
                redis.delete(id, SessionLock.NONE);
                known.remove(id);
                done.add(0, 0, 1, 0);
                finished = true;
            } else {
                finished = reconcile(here, base, doubt);
            }
        } finally {
            synchronized (this) {
                reconciling.remove(id);
                if (finished) {
                    ended.remove(id);
                    forget(id);
                } else if (here != null) {
                    // Redis failed again, or the session is locked there: it stays local, as it
                    // was, for the next try.
                    local.create(here);
                }
                notifyAll();
            }
        }
    }

    /** @return false when the session is locked in Redis: to be tried again */
    private boolean reconcile(StoredSession here, StoredSession base, StoredSession doubt) {
        String id = here.id();
        if (base == null) {
            redis.create(here);
            known.put(here);
            done.add(0, 1, 0, 0);
            return true;
        }
        long now = System.currentTimeMillis();
        // A read that moves nothing first: a session found changed is dropped without touching it.
        Optional<StoredSession> peeked = redis.peek(id, now);
        if (peeked.isEmpty() || !unchanged(peeked.get(), base, doubt)) {
            known.remove(id);
            done.add(0, 0, 0, changed(here, base) ? 1 : 0);
            return true;
        }
        Long orphan = orphanedLock(id);
        if (orphan != null) {
            // Written under the lock a request of this server took before the outage, released with it.
            SessionChanges changes = changes(here, peeked.get(), SessionLock.held(orphan));
            SaveOutcome outcome = redis.save(changes);
            if (outcome == SaveOutcome.SAVED) {
                known.put(peeked.get());
                known.apply(changes);
                done.add(changed(here, base) ? 1 : 0, 0, 0, 0);
                return true;
            }
            if (outcome == SaveOutcome.GONE) {
                return dropped(id, here, base);
            }
            // Fenced: another request has locked it since; on as usual.
        }
        LockAttempt attempt = redis.lockAndLoad(id, now, RECONCILE_LEASE_MILLIS);
        if (!attempt.acquired()) {
            // A request holds the lock in Redis (one from before the outage, say): try again later.
            return false;
        }
        if (attempt.session().isEmpty()) {
            return dropped(id, here, base);
        }
        if (!unchanged(attempt.session().get(), base, doubt)) {
            redis.save(new SessionChanges(id, null, Map.of(), Set.of(), attempt.lock(), true));
            return dropped(id, here, base);
        }
        StoredSession there = attempt.session().get();
        SessionChanges changes = changes(here, there, attempt.lock());
        if (redis.save(changes) == SaveOutcome.SAVED) {
            known.put(seen(there, now));
            known.apply(changes);
            done.add(changed(here, base) ? 1 : 0, 0, 0, 0);
        } else {
            known.remove(id);
            done.add(0, 0, 0, 1);
        }
        return true;
    }

    /** What turns {@code there} into {@code here}, written under {@code lock} and releasing it. */
    private static SessionChanges changes(StoredSession here, StoredSession there, SessionLock lock) {
        Map<String, byte[]> set = new HashMap<>();
        here.attributes().forEach((name, value) -> {
            if (!Arrays.equals(value, there.attributes().get(name))) {
                set.put(name, value);
            }
        });
        Set<String> removed = new HashSet<>(there.attributes().keySet());
        removed.removeAll(here.attributes().keySet());
        Integer interval = here.maxInactiveInterval() != there.maxInactiveInterval() ? here.maxInactiveInterval() : null;
        String principal = Objects.equals(here.principal(), there.principal()) ? null
                : here.principal() == null ? SessionChanges.NO_PRINCIPAL : here.principal();
        return new SessionChanges(here.id(), interval, set, removed, lock, true, principal);
    }

    private boolean dropped(String id, StoredSession here, StoredSession base) {
        known.remove(id);
        done.add(0, 0, 0, changed(here, base) ? 1 : 0);
        return true;
    }

    /** Whether Redis holds what this server based its copy on, or that plus the in-doubt write. */
    private static boolean unchanged(StoredSession stored, StoredSession base, StoredSession doubt) {
        return sameContent(stored, base) || (doubt != null && sameContent(stored, doubt));
    }

    /** Whether the local copy differs from what it was seeded with: something to write back, or to drop. */
    private static boolean changed(StoredSession here, StoredSession base) {
        return !sameContent(here, base);
    }

    /** What a reconciliation did, for its one log line and the metrics; guarded by the store's monitor. */
    private final class Reconciliation {
        int written;
        int created;
        int deleted;
        int dropped;

        void add(int written, int created, int deleted, int dropped) {
            synchronized (DegradingStore.this) {
                this.written += written;
                this.created += created;
                this.deleted += deleted;
                this.dropped += dropped;
            }
        }

        /** The counts so far, reset. Under the monitor. */
        Reconciliation take() {
            Reconciliation counts = new Reconciliation();
            counts.written = written;
            counts.created = created;
            counts.deleted = deleted;
            counts.dropped = dropped;
            written = 0;
            created = 0;
            deleted = 0;
            dropped = 0;
            return counts;
        }
    }

    /**
     * Whether Redis's session holds what {@code base} held: the same attribute bytes and interval.
     * Access times are left out: a read elsewhere changes nothing worth keeping, and neither does
     * a load of this server's that reached Redis late.
     */
    private static boolean sameContent(StoredSession stored, StoredSession base) {
        if (stored.maxInactiveInterval() != base.maxInactiveInterval()
                || !Objects.equals(stored.principal(), base.principal())
                || !stored.attributes().keySet().equals(base.attributes().keySet())) {
            return false;
        }
        return base.attributes().entrySet().stream()
                .allMatch(entry -> Arrays.equals(entry.getValue(), stored.attributes().get(entry.getKey())));
    }

    /** {@code session} with {@code changes} applied. */
    private static StoredSession applied(StoredSession session, SessionChanges changes) {
        Map<String, byte[]> attributes = new HashMap<>(session.attributes());
        attributes.keySet().removeAll(changes.removedAttributes());
        attributes.putAll(changes.setAttributes());
        return new StoredSession(session.id(), session.creationTime(), session.lastAccessedTime(),
                changes.maxInactiveInterval() != null ? changes.maxInactiveInterval() : session.maxInactiveInterval(),
                attributes, session.principal()).withPrincipalOf(changes);
    }

    /** The session as Redis holds it after a load at {@code now}: the load moved its last access. */
    private static StoredSession seen(StoredSession loaded, long now) {
        return new StoredSession(loaded.id(), loaded.creationTime(), Math.max(loaded.lastAccessedTime(), now),
                loaded.maxInactiveInterval(), loaded.attributes(), loaded.principal());
    }

    private static StoredSession copy(StoredSession session) {
        return new StoredSession(session.id(), session.creationTime(), session.lastAccessedTime(),
                session.maxInactiveInterval(), new HashMap<>(session.attributes()), session.principal());
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
            if (session != null) {
                put(applied(session, changes));
            }
        }

        /** After a change of id in Redis: the session as it is now, under its new id. */
        synchronized void move(String oldId, SessionChanges changes) {
            StoredSession session = sessions.get(oldId);
            remove(oldId);
            if (session != null) {
                StoredSession moved = applied(session, changes);
                put(new StoredSession(changes.id(), moved.creationTime(), moved.lastAccessedTime(),
                        moved.maxInactiveInterval(), moved.attributes(), moved.principal()));
            }
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
