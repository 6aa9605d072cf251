package dev.portablesession.store;

import dev.portablesession.session.SessionChanges;
import dev.portablesession.session.StoredSession;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A store in this JVM's memory, for unit tests and as the benchmark floor. It follows the same
 * contract as the Redis store, including expiry, but shares nothing between servers.
 */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    /** A store that reads time from {@link System#currentTimeMillis()}. */
    public InMemorySessionStore() {
        this(System::currentTimeMillis);
    }

    /** A store that reads time, in epoch milliseconds, from {@code clock}; for tests of expiry. */
    public InMemorySessionStore(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public Optional<StoredSession> load(String id, long now) {
        Entry[] before = new Entry[1];
        sessions.computeIfPresent(id, (key, entry) -> {
            if (entry.isExpired(clock.getAsLong())) {
                return null;
            }
            before[0] = entry;
            return entry.touched(now, clock.getAsLong());
        });
        return Optional.ofNullable(before[0]).map(entry -> entry.toStored(id));
    }

    @Override
    public void create(StoredSession session) {
        sessions.put(session.id(), Entry.of(session, clock.getAsLong()));
    }

    @Override
    public boolean save(SessionChanges changes) {
        boolean[] saved = new boolean[1];
        sessions.computeIfPresent(changes.id(), (key, entry) -> {
            if (entry.isExpired(clock.getAsLong())) {
                return null;
            }
            saved[0] = true;
            return entry.with(changes, clock.getAsLong());
        });
        return saved[0];
    }

    @Override
    public boolean changeId(String oldId, SessionChanges changes) {
        Entry old = sessions.remove(oldId);
        if (old == null || old.isExpired(clock.getAsLong())) {
            return false;
        }
        sessions.put(changes.id(), old.with(changes, clock.getAsLong()));
        return true;
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
            Map<String, byte[]> attributes, long expiresAt) {

        static Entry of(StoredSession s, long now) {
            return new Entry(s.creationTime(), s.lastAccessedTime(), s.maxInactiveInterval(),
                    Map.copyOf(s.attributes()), expiry(now, s.maxInactiveInterval()));
        }

        private static long expiry(long now, int maxInactiveInterval) {
            return maxInactiveInterval > 0 ? now + maxInactiveInterval * 1000L : Long.MAX_VALUE;
        }

        boolean isExpired(long now) {
            return now >= expiresAt;
        }

        Entry touched(long accessTime, long now) {
            return new Entry(creationTime, Math.max(lastAccessedTime, accessTime), maxInactiveInterval, attributes,
                    expiry(now, maxInactiveInterval));
        }

        Entry with(SessionChanges changes, long now) {
            Map<String, byte[]> merged = new HashMap<>(attributes);
            merged.keySet().removeAll(changes.removedAttributes());
            merged.putAll(changes.setAttributes());
            int interval = changes.maxInactiveInterval() != null ? changes.maxInactiveInterval() : maxInactiveInterval;
            return new Entry(creationTime, lastAccessedTime, interval, Map.copyOf(merged), expiry(now, interval));
        }

        StoredSession toStored(String id) {
            return new StoredSession(id, creationTime, lastAccessedTime, maxInactiveInterval, attributes);
        }
    }
}
