package dev.portablesession.internal.store;

import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store in this JVM's memory, for unit tests and as the benchmark floor. It follows the same
 * contract as the Redis store, including logical expiry, the claim of expired sessions and
 * locking, but shares nothing between servers.
 */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final ExpiryIndex expiry;

    /** A store without an expiry index: expired sessions vanish. */
    public InMemorySessionStore() {
        this(ExpiryIndex.OFF);
    }

    public InMemorySessionStore(ExpiryIndex expiry) {
        this.expiry = expiry;
    }

    @Override
    public Optional<StoredSession> load(String id, long now) {
        Entry[] before = new Entry[1];
        sessions.computeIfPresent(id, (key, entry) -> {
            if (entry.isDue(now)) {
                return retained(entry, now);
            }
            before[0] = entry;
            return entry.touched(now);
        });
        return Optional.ofNullable(before[0]).map(entry -> entry.toStored(id));
    }

    @Override
    public LockAttempt lockAndLoad(String id, long now, long leaseMillis) {
        LockAttempt[] attempt = {LockAttempt.absent()};
        sessions.computeIfPresent(id, (key, entry) -> {
            long time = System.currentTimeMillis();
            if (entry.isDue(now)) {
                return retained(entry, now);
            }
            if (entry.isLocked(time)) {
                attempt[0] = LockAttempt.busy();
                return entry;
            }
            attempt[0] = LockAttempt.locked(entry.fence + 1, entry.toStored(id));
            return entry.touched(now).locked(entry.fence + 1, time + leaseMillis);
        });
        return attempt[0];
    }

    @Override
    public void create(StoredSession session) {
        sessions.put(session.id(), Entry.of(session));
    }

    @Override
    public SaveOutcome save(SessionChanges changes) {
        SaveOutcome[] outcome = {SaveOutcome.GONE};
        sessions.computeIfPresent(changes.id(), (key, entry) -> {
            long time = System.currentTimeMillis();
            if (entry.isDue(time)) {
                return retained(entry, time);
            }
            if (!entry.fenceHolds(changes.lock())) {
                outcome[0] = SaveOutcome.FENCED;
                return entry;
            }
            outcome[0] = SaveOutcome.SAVED;
            Entry saved = entry.with(changes);
            return changes.unlock() && entry.lockedBy(changes.lock()) ? saved.locked(saved.fence, 0) : saved;
        });
        return outcome[0];
    }

    @Override
    public SaveOutcome changeId(String oldId, SessionChanges changes) {
        SaveOutcome[] outcome = {SaveOutcome.GONE};
        Entry[] taken = new Entry[1];
        sessions.computeIfPresent(oldId, (key, entry) -> {
            long time = System.currentTimeMillis();
            if (entry.isDue(time)) {
                return retained(entry, time);
            }
            if (!entry.fenceHolds(changes.lock())) {
                outcome[0] = SaveOutcome.FENCED;
                return entry;
            }
            outcome[0] = SaveOutcome.SAVED;
            taken[0] = entry;
            return null;
        });
        if (taken[0] != null) {
            Entry moved = taken[0].with(changes);
            sessions.put(changes.id(), new Entry(moved.creationTime, moved.lastAccessedTime, moved.maxInactiveInterval,
                    moved.attributes, 0, 0, 0, 0, moved.principal));
        }
        return outcome[0];
    }

    @Override
    public SaveOutcome delete(String id, SessionLock lock) {
        SaveOutcome[] outcome = {SaveOutcome.GONE};
        sessions.computeIfPresent(id, (key, entry) -> {
            if (!entry.fenceHolds(lock)) {
                outcome[0] = SaveOutcome.FENCED;
                return entry;
            }
            outcome[0] = SaveOutcome.SAVED;
            return null;
        });
        return outcome[0];
    }

    @Override
    public List<StoredSession> claimExpired(long now, int limit, long claimMillis) {
        List<StoredSession> claimed = new ArrayList<>();
        if (!expiry.kept()) {
            return claimed;
        }
        for (String id : sessions.keySet()) {
            if (claimed.size() >= limit) {
                break;
            }
            sessions.computeIfPresent(id, (key, entry) -> {
                if (!entry.isDue(now) || now < entry.claimedUntil) {
                    return entry;
                }
                if (now >= entry.keptUntil(expiry)) {
                    return null;
                }
                claimed.add(entry.toStored(id));
                return entry.claimed(now + claimMillis);
            });
        }
        return claimed;
    }

    @Override
    public void finishExpired(List<String> ids) {
        ids.forEach(sessions::remove);
    }

    /** Every session is looked at: this store is for tests and the benchmark floor. */
    @Override
    public List<StoredSession> sessionsOf(String principal, long now) {
        List<StoredSession> found = new ArrayList<>();
        sessions.forEach((id, entry) -> {
            if (principal.equals(entry.principal()) && !entry.isDue(now)) {
                found.add(new StoredSession(id, entry.creationTime(), entry.lastAccessedTime(),
                        entry.maxInactiveInterval(), new HashMap<>(), principal));
            }
        });
        return found;
    }

    @Override
    public OptionalLong countActive(long now) {
        if (!expiry.kept()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(sessions.values().stream()
                .filter(entry -> entry.maxInactiveInterval() > 0 && !entry.isDue(now)).count());
    }

    @Override
    public void close() {
        sessions.clear();
    }

    /** Whether a session is held under {@code id}, due or not. */
    public boolean contains(String id) {
        return sessions.containsKey(id);
    }

    /** How many sessions are held, due or not. */
    public int size() {
        return sessions.size();
    }

    /** Whether a request holds the lock of session {@code id} now. */
    public boolean isLocked(String id) {
        Entry entry = sessions.get(id);
        return entry != null && entry.isLocked(System.currentTimeMillis());
    }

    /** The ids of every session held, due or not. */
    public Set<String> ids() {
        return Set.copyOf(sessions.keySet());
    }

    /** Takes a session out whole, due or not, locked or not; empty when there is none. */
    public Optional<StoredSession> remove(String id) {
        return Optional.ofNullable(sessions.remove(id)).map(entry -> entry.toStored(id));
    }

    /** A due session stays, untouched, for the expiry claim until the horizon has passed. */
    private Entry retained(Entry entry, long now) {
        return expiry.kept() && now < entry.keptUntil(expiry) ? entry : null;
    }

    /**
     * An immutable snapshot; every change makes a new one, so readers never see half a write.
     *
     * @param claimedUntil until when the expiry claim of one claimer excludes the others, or 0
     */
    private record Entry(long creationTime, long lastAccessedTime, int maxInactiveInterval,
            Map<String, byte[]> attributes, long fence, long lockFence, long lockExpiresAt, long claimedUntil,
            String principal) {

        static Entry of(StoredSession s) {
            return new Entry(s.creationTime(), s.lastAccessedTime(), s.maxInactiveInterval(),
                    Map.copyOf(s.attributes()), 0, 0, 0, 0, s.principal());
        }

        /** The logical expiry: last access plus the interval; never for a non-positive interval. */
        long due() {
            return maxInactiveInterval > 0 ? lastAccessedTime + maxInactiveInterval * 1000L : Long.MAX_VALUE;
        }

        /** Until when a due session stays for the claim: the horizon past its due time, or past the end of its claim. */
        long keptUntil(ExpiryIndex expiry) {
            return Math.max(due(), claimedUntil) + expiry.horizonMillis();
        }

        boolean isDue(long now) {
            return now >= due();
        }

        boolean isLocked(long now) {
            return now < lockExpiresAt;
        }

        /** Whether a write under {@code lock} may proceed: unfenced, or no other request took the lock since. */
        boolean fenceHolds(SessionLock lock) {
            return !(lock instanceof SessionLock.Held held) || held.fence() == fence;
        }

        boolean lockedBy(SessionLock lock) {
            return lock instanceof SessionLock.Held held && held.fence() == lockFence;
        }

        Entry touched(long accessTime) {
            return new Entry(creationTime, Math.max(lastAccessedTime, accessTime), maxInactiveInterval, attributes,
                    fence, lockFence, lockExpiresAt, claimedUntil, principal);
        }

        Entry locked(long newFence, long until) {
            return new Entry(creationTime, lastAccessedTime, maxInactiveInterval, attributes,
                    Math.max(fence, newFence), until == 0 ? 0 : newFence, until, claimedUntil, principal);
        }

        Entry claimed(long until) {
            return new Entry(creationTime, lastAccessedTime, maxInactiveInterval, attributes, fence, lockFence,
                    lockExpiresAt, until, principal);
        }

        Entry with(SessionChanges changes) {
            Map<String, byte[]> merged = new HashMap<>(attributes);
            merged.keySet().removeAll(changes.removedAttributes());
            merged.putAll(changes.setAttributes());
            int interval = changes.maxInactiveInterval() != null ? changes.maxInactiveInterval() : maxInactiveInterval;
            String bound = changes.principal() == null ? principal
                    : changes.principal().isEmpty() ? null : changes.principal();
            return new Entry(creationTime, lastAccessedTime, interval, Map.copyOf(merged), fence, lockFence,
                    lockExpiresAt, claimedUntil, bound);
        }

        StoredSession toStored(String id) {
            return new StoredSession(id, creationTime, lastAccessedTime, maxInactiveInterval, attributes, principal);
        }
    }
}
