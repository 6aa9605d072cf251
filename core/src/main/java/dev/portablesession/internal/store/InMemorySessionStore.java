package dev.portablesession.internal.store;

import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store in this JVM's memory, for unit tests and as the benchmark floor. It follows the same
 * contract as the Redis store, including expiry and locking, but shares nothing between servers.
 */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredSession> load(String id, long now) {
        Entry[] before = new Entry[1];
        sessions.computeIfPresent(id, (key, entry) -> {
            if (entry.isExpired(System.currentTimeMillis())) {
                return null;
            }
            before[0] = entry;
            return entry.touched(now, System.currentTimeMillis());
        });
        return Optional.ofNullable(before[0]).map(entry -> entry.toStored(id));
    }

    @Override
    public LockAttempt lockAndLoad(String id, long now, long leaseMillis) {
        LockAttempt[] attempt = {LockAttempt.absent()};
        sessions.computeIfPresent(id, (key, entry) -> {
            long time = System.currentTimeMillis();
            if (entry.isExpired(time)) {
                return null;
            }
            if (entry.isLocked(time)) {
                attempt[0] = LockAttempt.busy();
                return entry;
            }
            attempt[0] = LockAttempt.locked(entry.fence + 1, entry.toStored(id));
            return entry.touched(now, time).locked(entry.fence + 1, time + leaseMillis);
        });
        return attempt[0];
    }

    @Override
    public void create(StoredSession session) {
        sessions.put(session.id(), Entry.of(session, System.currentTimeMillis()));
    }

    @Override
    public SaveOutcome save(SessionChanges changes) {
        SaveOutcome[] outcome = {SaveOutcome.GONE};
        sessions.computeIfPresent(changes.id(), (key, entry) -> {
            long time = System.currentTimeMillis();
            if (entry.isExpired(time)) {
                return null;
            }
            if (!entry.fenceHolds(changes.lock())) {
                outcome[0] = SaveOutcome.FENCED;
                return entry;
            }
            outcome[0] = SaveOutcome.SAVED;
            Entry saved = entry.with(changes, time);
            return changes.unlock() && entry.lockedBy(changes.lock()) ? saved.locked(saved.fence, 0) : saved;
        });
        return outcome[0];
    }

    @Override
    public SaveOutcome changeId(String oldId, SessionChanges changes) {
        SaveOutcome[] outcome = {SaveOutcome.GONE};
        Entry[] taken = new Entry[1];
        sessions.computeIfPresent(oldId, (key, entry) -> {
            if (entry.isExpired(System.currentTimeMillis())) {
                return null;
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
            Entry moved = taken[0].with(changes, System.currentTimeMillis());
            sessions.put(changes.id(), new Entry(moved.creationTime, moved.lastAccessedTime, moved.maxInactiveInterval,
                    moved.attributes, moved.expiresAt, 0, 0, 0));
        }
        return outcome[0];
    }

    @Override
    public void delete(String id) {
        sessions.remove(id);
    }

    @Override
    public void close() {
        sessions.clear();
    }

    /** An immutable snapshot; every change makes a new one, so readers never see half a write. */
    private record Entry(long creationTime, long lastAccessedTime, int maxInactiveInterval,
            Map<String, byte[]> attributes, long expiresAt, long fence, long lockFence, long lockExpiresAt) {

        static Entry of(StoredSession s, long now) {
            return new Entry(s.creationTime(), s.lastAccessedTime(), s.maxInactiveInterval(),
                    Map.copyOf(s.attributes()), expiry(now, s.maxInactiveInterval()), 0, 0, 0);
        }

        private static long expiry(long now, int maxInactiveInterval) {
            return maxInactiveInterval > 0 ? now + maxInactiveInterval * 1000L : Long.MAX_VALUE;
        }

        boolean isExpired(long now) {
            return now >= expiresAt;
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

        Entry touched(long accessTime, long now) {
            return new Entry(creationTime, Math.max(lastAccessedTime, accessTime), maxInactiveInterval, attributes,
                    expiry(now, maxInactiveInterval), fence, lockFence, lockExpiresAt);
        }

        Entry locked(long newFence, long until) {
            return new Entry(creationTime, lastAccessedTime, maxInactiveInterval, attributes, expiresAt,
                    Math.max(fence, newFence), until == 0 ? 0 : newFence, until);
        }

        Entry with(SessionChanges changes, long now) {
            Map<String, byte[]> merged = new HashMap<>(attributes);
            merged.keySet().removeAll(changes.removedAttributes());
            merged.putAll(changes.setAttributes());
            int interval = changes.maxInactiveInterval() != null ? changes.maxInactiveInterval() : maxInactiveInterval;
            return new Entry(creationTime, lastAccessedTime, interval, Map.copyOf(merged), expiry(now, interval),
                    fence, lockFence, lockExpiresAt);
        }

        StoredSession toStored(String id) {
            return new StoredSession(id, creationTime, lastAccessedTime, maxInactiveInterval, attributes);
        }
    }
}
