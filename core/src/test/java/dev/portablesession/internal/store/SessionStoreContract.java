package dev.portablesession.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} must do. Each implementation runs this suite by extending it.
 */
public abstract class SessionStoreContract {

    /** The store under test; the same instance for the whole test. */
    protected abstract SessionStore store();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static StoredSession session(String id, long now, int interval, Map<String, byte[]> attributes) {
        return new StoredSession(id, now, now, interval, new HashMap<>(attributes));
    }

    private static SessionChanges set(String id, String name, String value) {
        return new SessionChanges(id, null, Map.of(name, bytes(value)), Set.of());
    }

    private static String text(StoredSession s, String name) {
        byte[] value = s.attributes().get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static void assertSaved(SaveOutcome outcome) {
        assertEquals(SaveOutcome.SAVED, outcome);
    }

    private static void assertGone(SaveOutcome outcome) {
        assertEquals(SaveOutcome.GONE, outcome);
    }

    private static void assertGone(SaveOutcome outcome, String message) {
        assertEquals(SaveOutcome.GONE, outcome, message);
    }

    private StoredSession load(String id) {
        return store().load(id, System.currentTimeMillis()).orElseThrow(() -> new AssertionError("no session " + id));
    }

    @Test
    void unknownIdLoadsNothing() {
        assertEquals(Optional.empty(), store().load(SessionIds.generate(), System.currentTimeMillis()));
    }

    @Test
    void createdSessionLoadsWhole() {
        String id = SessionIds.generate();
        long now = System.currentTimeMillis();
        store().create(session(id, now, 600, Map.of("user", bytes("alice"), "cart", bytes("[1,2]"))));
        StoredSession loaded = load(id);
        assertEquals(id, loaded.id());
        assertEquals(now, loaded.creationTime());
        assertEquals(now, loaded.lastAccessedTime());
        assertEquals(600, loaded.maxInactiveInterval());
        assertEquals(Set.of("user", "cart"), loaded.attributes().keySet());
        assertEquals("alice", text(loaded, "user"));
    }

    @Test
    void loadReturnsThePreviousAccessAndRecordsThisOne() {
        String id = SessionIds.generate();
        store().create(session(id, 1_000, 600, Map.of()));
        assertEquals(1_000, store().load(id, 5_000).orElseThrow().lastAccessedTime());
        assertEquals(5_000, store().load(id, 9_000).orElseThrow().lastAccessedTime());
    }

    @Test
    void accessTimeNeverGoesBackwardsWhenRequestsOverlap() {
        String id = SessionIds.generate();
        store().create(session(id, 1_000, 600, Map.of()));
        store().load(id, 9_000);
        store().load(id, 5_000);
        assertEquals(9_000, store().load(id, 10_000).orElseThrow().lastAccessedTime());
    }

    @Test
    void savesOfDifferentAttributesDoNotOverwriteEachOther() {
        String id = SessionIds.generate();
        store().create(session(id, System.currentTimeMillis(), 600, Map.of("a", bytes("0"), "b", bytes("0"))));
        // Two requests loaded the same session; each saves only its own change.
        assertSaved(store().save(set(id, "a", "1")));
        assertSaved(store().save(set(id, "b", "2")));
        StoredSession loaded = load(id);
        assertEquals("1", text(loaded, "a"));
        assertEquals("2", text(loaded, "b"));
    }

    @Test
    void saveRemovesAttributesAndChangesTheInterval() {
        String id = SessionIds.generate();
        store().create(session(id, System.currentTimeMillis(), 600, Map.of("a", bytes("1"), "b", bytes("2"))));
        assertSaved(store().save(new SessionChanges(id, 1200, Map.of("c", bytes("3")), Set.of("a"))));
        StoredSession loaded = load(id);
        assertEquals(Set.of("b", "c"), loaded.attributes().keySet());
        assertEquals(1200, loaded.maxInactiveInterval());
    }

    @Test
    void saveNeverBringsBackADeletedSession() {
        String id = SessionIds.generate();
        store().create(session(id, System.currentTimeMillis(), 600, Map.of("a", bytes("1"))));
        store().delete(id);
        assertGone(store().save(set(id, "a", "2")));
        assertEquals(Optional.empty(), store().load(id, System.currentTimeMillis()));
    }

    @Test
    void deleteOfAMissingSessionIsHarmless() {
        store().delete(SessionIds.generate());
    }

    @Test
    void changeIdMovesTheLatestDataAndAppliesTheChanges() {
        String oldId = SessionIds.generate();
        String newId = SessionIds.generate();
        long created = System.currentTimeMillis() - 60_000;
        store().create(session(oldId, created, 600, Map.of("user", bytes("alice"), "tmp", bytes("x"))));
        // Another request saved under the old id after this one loaded it.
        assertSaved(store().save(set(oldId, "other", "from-elsewhere")));

        assertSaved(store().changeId(oldId, new SessionChanges(newId, 900, Map.of("role", bytes("admin")), Set.of("tmp"))));

        assertEquals(Optional.empty(), store().load(oldId, System.currentTimeMillis()));
        assertGone(store().save(set(oldId, "late", "write")), "saves under the old id fail after the move");
        StoredSession moved = load(newId);
        assertEquals(Set.of("user", "other", "role"), moved.attributes().keySet());
        assertEquals(created, moved.creationTime());
        assertEquals(900, moved.maxInactiveInterval());
    }

    @Test
    void changeIdOfAMissingSessionWritesNothing() {
        String newId = SessionIds.generate();
        assertGone(store().changeId(SessionIds.generate(), set(newId, "a", "1")));
        assertEquals(Optional.empty(), store().load(newId, System.currentTimeMillis()));
    }

    @Test
    void sessionExpiresAfterItsIntervalWithoutAccess() throws InterruptedException {
        String id = SessionIds.generate();
        store().create(session(id, System.currentTimeMillis(), 1, Map.of()));
        Thread.sleep(600);
        assertTrue(store().load(id, System.currentTimeMillis()).isPresent(), "an access restarts the interval");
        Thread.sleep(600);
        assertTrue(store().load(id, System.currentTimeMillis()).isPresent(), "1.2 s old, but accessed 0.6 s ago");
        Thread.sleep(1200);
        assertEquals(Optional.empty(), store().load(id, System.currentTimeMillis()));
    }

    @Test
    void nonPositiveIntervalNeverExpires() throws InterruptedException {
        String id = SessionIds.generate();
        store().create(session(id, System.currentTimeMillis(), 0, Map.of()));
        Thread.sleep(1200);
        assertTrue(store().load(id, System.currentTimeMillis()).isPresent());
        assertSaved(store().save(new SessionChanges(id, 1, Map.of(), Set.of())));
        Thread.sleep(1300);
        assertEquals(Optional.empty(), store().load(id, System.currentTimeMillis()), "a positive interval set later applies");
    }

    @Test
    void thousandsOfAttributesAndLargeBinaryValuesSurvive() {
        String id = SessionIds.generate();
        Map<String, byte[]> many = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            many.put("attr-" + i, bytes("value-" + i));
        }
        byte[] binary = new byte[1 << 20];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        many.put("binary", binary);
        store().create(session(id, System.currentTimeMillis(), 600, many));

        Map<String, byte[]> changes = new HashMap<>();
        for (int i = 0; i < 2500; i++) {
            changes.put("attr-" + i, bytes("changed-" + i));
        }
        Set<String> removed = new java.util.HashSet<>();
        for (int i = 2500; i < 3000; i++) {
            removed.add("attr-" + i);
        }
        assertSaved(store().save(new SessionChanges(id, null, changes, removed)));

        StoredSession loaded = load(id);
        assertEquals(2501, loaded.attributes().size());
        assertEquals("changed-2499", text(loaded, "attr-2499"));
        assertArrayEquals(binary, loaded.attributes().get("binary"));
    }

    @Test
    void attributeNamesMayContainAnyCharacter() {
        String id = SessionIds.generate();
        String odd = "m:created {x} a:b ü 名前";
        store().create(session(id, 42, 600, Map.of(odd, bytes("v"))));
        StoredSession loaded = load(id);
        assertEquals(Set.of(odd), loaded.attributes().keySet());
        assertEquals(42, loaded.creationTime(), "an attribute named like metadata does not clobber it");
    }

    private static long fence(LockAttempt attempt) {
        return ((SessionLock.Held) attempt.lock()).fence();
    }

    @Test
    void lockingAnAbsentSessionTakesNoLock() {
        LockAttempt attempt = store().lockAndLoad(SessionIds.generate(), System.currentTimeMillis(), 10_000);
        assertTrue(attempt.acquired());
        assertEquals(SessionLock.NONE, attempt.lock());
        assertEquals(Optional.empty(), attempt.session());
    }

    @Test
    void theLockIsExclusiveUntilReleasedAndEachHolderGetsALargerFence() {
        String id = SessionIds.generate();
        store().create(session(id, 1_000, 600, Map.of("a", bytes("1"))));
        LockAttempt first = store().lockAndLoad(id, 2_000, 10_000);
        assertTrue(first.acquired());
        assertInstanceOf(SessionLock.Held.class, first.lock());
        assertEquals("1", text(first.session().orElseThrow(), "a"));
        assertEquals(1_000, first.session().orElseThrow().lastAccessedTime());
        assertFalse(store().lockAndLoad(id, 3_000, 10_000).acquired(), "held by the first");
        assertTrue(store().load(id, 3_000).isPresent(), "an unlocked read is not blocked");

        assertSaved(store().save(new SessionChanges(id, null, Map.of("a", bytes("2")), Set.of(), first.lock(), true)));
        LockAttempt second = store().lockAndLoad(id, 4_000, 10_000);
        assertTrue(second.acquired());
        assertTrue(fence(second) > fence(first));
        assertEquals("2", text(second.session().orElseThrow(), "a"));
        assertSaved(store().save(new SessionChanges(id, null, Map.of(), Set.of(), second.lock(), true)));
        assertTrue(store().lockAndLoad(id, 5_000, 10_000).acquired(), "an empty save released the lock");
    }

    @Test
    void aHolderWhoseLeaseRanOutCanNoLongerWrite() throws InterruptedException {
        String id = SessionIds.generate();
        store().create(session(id, System.currentTimeMillis(), 600, Map.of("a", bytes("0"))));
        LockAttempt stalled = store().lockAndLoad(id, System.currentTimeMillis(), 300);
        Thread.sleep(500);
        LockAttempt next = store().lockAndLoad(id, System.currentTimeMillis(), 10_000);
        assertTrue(next.acquired(), "the lease ran out");
        assertSaved(store().save(new SessionChanges(id, null, Map.of("a", bytes("next")), Set.of(), next.lock(), false)));

        assertEquals(SaveOutcome.FENCED,
                store().save(new SessionChanges(id, null, Map.of("a", bytes("stale")), Set.of(), stalled.lock(), true)));
        assertEquals(SaveOutcome.FENCED, store().changeId(id,
                new SessionChanges(SessionIds.generate(), null, Map.of(), Set.of(), stalled.lock(), false)));
        assertEquals("next", text(load(id), "a"));
        assertFalse(store().lockAndLoad(id, System.currentTimeMillis(), 10_000).acquired(),
                "the stale holder did not release the new holder's lock");
    }

    @Test
    void deleteAndChangeIdTakeTheLockAlong() {
        String id = SessionIds.generate();
        store().create(session(id, System.currentTimeMillis(), 600, Map.of()));
        LockAttempt held = store().lockAndLoad(id, System.currentTimeMillis(), 10_000);
        String newId = SessionIds.generate();
        assertSaved(store().changeId(id, new SessionChanges(newId, null, Map.of(), Set.of(), held.lock(), false)));
        assertTrue(store().lockAndLoad(newId, System.currentTimeMillis(), 10_000).acquired(), "the new id starts unlocked");

        String other = SessionIds.generate();
        store().create(session(other, System.currentTimeMillis(), 600, Map.of()));
        store().lockAndLoad(other, System.currentTimeMillis(), 10_000);
        store().delete(other);
        store().create(session(other, System.currentTimeMillis(), 600, Map.of()));
        assertTrue(store().lockAndLoad(other, System.currentTimeMillis(), 10_000).acquired(), "delete removed the lock");
    }
}
