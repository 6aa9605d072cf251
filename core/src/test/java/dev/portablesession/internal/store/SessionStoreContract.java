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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} must do. Each implementation runs this suite by extending it.
 */
public abstract class SessionStoreContract {

    /** How long past its due time an expired session stays claimable, in the stores under test. */
    protected static final Duration HORIZON = Duration.ofSeconds(3);
    private static final long CLAIM_MILLIS = 60_000;

    /** The store under test, keeping an expiry index with {@link #HORIZON}; the same instance for the whole test. */
    protected abstract SessionStore store();

    /** The same store as another server sees it (its own connection), for claims that race. */
    protected abstract SessionStore otherServer();

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
        store().delete(id, SessionLock.NONE);
        assertGone(store().save(set(id, "a", "2")));
        assertEquals(Optional.empty(), store().load(id, System.currentTimeMillis()));
    }

    @Test
    void deleteOfAMissingSessionIsHarmless() {
        assertGone(store().delete(SessionIds.generate(), SessionLock.NONE));
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
    void sessionExpiresAfterItsIntervalWithoutAccess() {
        String id = SessionIds.generate();
        long t = System.currentTimeMillis();
        store().create(session(id, t, 2, Map.of()));
        assertTrue(store().load(id, t + 1_200).isPresent(), "an access restarts the interval");
        assertTrue(store().load(id, t + 2_400).isPresent(), "2.4 s old, but accessed 1.2 s ago");
        assertEquals(Optional.empty(), store().load(id, t + 4_400), "idle for 2 s: expired, whatever the store still holds");
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
        Set<String> removed = new HashSet<>();
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
        store().create(new StoredSession(id, 42, System.currentTimeMillis(), 600, new HashMap<>(Map.of(odd, bytes("v")))));
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
        long t = System.currentTimeMillis();
        store().create(session(id, t + 1_000, 600, Map.of("a", bytes("1"))));
        LockAttempt first = store().lockAndLoad(id, t + 2_000, 10_000);
        assertTrue(first.acquired());
        assertInstanceOf(SessionLock.Held.class, first.lock());
        assertEquals("1", text(first.session().orElseThrow(), "a"));
        assertEquals(t + 1_000, first.session().orElseThrow().lastAccessedTime());
        assertFalse(store().lockAndLoad(id, t + 3_000, 10_000).acquired(), "held by the first");
        assertTrue(store().load(id, t + 3_000).isPresent(), "an unlocked read is not blocked");

        assertSaved(store().save(new SessionChanges(id, null, Map.of("a", bytes("2")), Set.of(), first.lock(), true)));
        LockAttempt second = store().lockAndLoad(id, t + 4_000, 10_000);
        assertTrue(second.acquired());
        assertTrue(fence(second) > fence(first));
        assertEquals("2", text(second.session().orElseThrow(), "a"));
        assertSaved(store().save(new SessionChanges(id, null, Map.of(), Set.of(), second.lock(), true)));
        assertTrue(store().lockAndLoad(id, t + 5_000, 10_000).acquired(), "an empty save released the lock");
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
        LockAttempt held2 = store().lockAndLoad(other, System.currentTimeMillis(), 10_000);
        assertSaved(store().delete(other, held2.lock()));
        store().create(session(other, System.currentTimeMillis(), 600, Map.of()));
        assertTrue(store().lockAndLoad(other, System.currentTimeMillis(), 10_000).acquired(), "delete removed the lock");
    }

    // ---- logical expiry and the claim of expired sessions ----

    @Test
    void theActiveCountLeavesOutDeletedExpiredAndNeverExpiringSessions() {
        long now = System.currentTimeMillis();
        long before = store().countActive(now).orElseThrow();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = SessionIds.generate();
            store().create(session(id, now, 600, Map.of()));
            ids.add(id);
        }
        store().delete(ids.get(0), SessionLock.NONE);
        store().delete(ids.get(1), SessionLock.NONE);
        store().create(session(SessionIds.generate(), now - 2_000, 1, Map.of()));
        store().create(session(SessionIds.generate(), now, -1, Map.of()));
        assertEquals(before + 3, store().countActive(now).orElseThrow());
    }

    /** The ids among {@code ids} that one claim at {@code now} returns, and their sessions. */
    private static Map<String, StoredSession> claim(SessionStore store, long now, Set<String> ids) {
        Map<String, StoredSession> mine = new HashMap<>();
        for (StoredSession s : store.claimExpired(now, 10_000, CLAIM_MILLIS)) {
            if (ids.contains(s.id())) {
                mine.put(s.id(), s);
            }
        }
        return mine;
    }

    @Test
    void aSessionPastItsDueTimeIsGoneForEveryRequestButStaysForTheClaim() {
        String id = SessionIds.generate();
        long now = System.currentTimeMillis();
        store().create(new StoredSession(id, now - 11_000, now - 11_000, 10, new HashMap<>(Map.of("user", bytes("alice")))));
        assertEquals(Optional.empty(), store().load(id, now), "due 1 s ago");
        assertEquals(Optional.empty(), store().lockAndLoad(id, now, 10_000).session());
        assertGone(store().save(set(id, "a", "1")), "never revived");
        assertGone(store().changeId(id, set(SessionIds.generate(), "a", "1")));

        StoredSession claimed = claim(store(), now, Set.of(id)).get(id);
        assertEquals("alice", text(claimed, "user"), "its data is still there for the expiry listeners");
        assertEquals(now - 11_000, claimed.lastAccessedTime(), "the loads above did not touch it");
        assertEquals(Set.of(), claim(store(), now, Set.of(id)).keySet(), "claimed once");
        store().finishExpired(List.of(id));
        assertEquals(Set.of(), claim(store(), now + 2 * CLAIM_MILLIS, Set.of(id)).keySet(), "finished: gone for good");
    }

    @Test
    void twoClaimersRacingClaimEachSessionExactlyOnce() throws Exception {
        long now = System.currentTimeMillis();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = SessionIds.generate();
            ids.add(id);
            store().create(session(id, now - 2_000, 1, Map.of()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Map<String, StoredSession>>> claims = new ArrayList<>();
            for (SessionStore claimer : List.of(store(), otherServer())) {
                claims.add(pool.submit(() -> {
                    start.await();
                    Map<String, StoredSession> mine = new HashMap<>();
                    for (int round = 0; round < 5; round++) {
                        mine.putAll(claim(claimer, now, ids));
                    }
                    return mine;
                }));
            }
            start.countDown();
            Map<String, StoredSession> first = claims.get(0).get();
            Map<String, StoredSession> second = claims.get(1).get();
            assertEquals(Set.of(), intersection(first.keySet(), second.keySet()), "no session claimed by both");
            Set<String> all = new HashSet<>(first.keySet());
            all.addAll(second.keySet());
            assertEquals(ids, all, "every due session claimed");
        } finally {
            pool.shutdownNow();
        }
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }

    @Test
    void aClaimWhoseClaimerDiedIsClaimedAgainAfterTheClaimTime() {
        String id = SessionIds.generate();
        long now = System.currentTimeMillis();
        store().create(session(id, now - 2_000, 1, Map.of()));
        assertEquals(Set.of(id), claim(store(), now, Set.of(id)).keySet());
        assertEquals(Set.of(), claim(otherServer(), now + CLAIM_MILLIS - 1, Set.of(id)).keySet(), "still claimed");
        assertEquals(Set.of(id), claim(otherServer(), now + CLAIM_MILLIS, Set.of(id)).keySet(),
                "the first claimer never finished: at least once");
    }

    @Test
    void aTouchedSessionIsNotDueAtItsFormerDueTime() {
        String id = SessionIds.generate();
        long now = System.currentTimeMillis();
        store().create(session(id, now - 500, 1, Map.of()));
        assertTrue(store().load(id, now).isPresent(), "due in 0.5 s: still live");
        assertEquals(Set.of(), claim(store(), now + 700, Set.of(id)).keySet(), "the touch moved it to now + 1 s");
        assertTrue(store().load(id, now + 700).isPresent());
        assertEquals(Set.of(id), claim(store(), now + 1_800, Set.of(id)).keySet(), "due 1 s after the last touch");
    }

    @Test
    void invalidatedOrMovedSessionsNeverReachTheClaim() {
        long now = System.currentTimeMillis();
        String deleted = SessionIds.generate();
        String moved = SessionIds.generate();
        String newId = SessionIds.generate();
        store().create(session(deleted, now, 1, Map.of()));
        store().create(session(moved, now, 1, Map.of()));
        assertSaved(store().delete(deleted, SessionLock.NONE));
        assertSaved(store().changeId(moved, new SessionChanges(newId, null, Map.of(), Set.of())));
        assertEquals(Set.of(newId), claim(store(), now + 1_500, Set.of(deleted, moved, newId)).keySet(),
                "only the session under its new id expires");
    }

    @Test
    void aNonPositiveIntervalTakesTheSessionOutOfTheIndex() {
        String id = SessionIds.generate();
        long now = System.currentTimeMillis();
        store().create(session(id, now, 10, Map.of()));
        assertSaved(store().save(new SessionChanges(id, 0, Map.of(), Set.of())));
        assertEquals(Set.of(), claim(store(), now + 15_000, Set.of(id)).keySet());
        assertTrue(store().load(id, now + 15_000).isPresent(), "never expires");
    }

    @Test
    void anExpiredSessionNobodyClaimedIsGoneAfterTheHorizon() throws InterruptedException {
        String id = SessionIds.generate();
        store().create(session(id, System.currentTimeMillis(), 1, Map.of("user", bytes("alice"))));
        Thread.sleep(1_000 + HORIZON.toMillis() / 2);
        assertEquals("alice", text(claim(otherServer(), System.currentTimeMillis(), Set.of(id)).get(id), "user"),
                "within the horizon: claimable, data readable");
        String late = SessionIds.generate();
        store().create(session(late, System.currentTimeMillis(), 1, Map.of()));
        Thread.sleep(1_000 + HORIZON.toMillis() + 300);
        assertEquals(Set.of(), claim(store(), System.currentTimeMillis(), Set.of(late)).keySet(), "past the horizon");
    }

    @Test
    void deleteIsFencedLikeASave() {
        String id = SessionIds.generate();
        store().create(session(id, System.currentTimeMillis(), 600, Map.of("a", bytes("1"))));
        LockAttempt stale = store().lockAndLoad(id, System.currentTimeMillis(), 10_000);
        assertSaved(store().save(new SessionChanges(id, null, Map.of(), Set.of(), stale.lock(), true)));
        LockAttempt next = store().lockAndLoad(id, System.currentTimeMillis(), 10_000);
        assertEquals(SaveOutcome.FENCED, store().delete(id, stale.lock()), "the lock moved on: the next holder's session stays");
        assertFalse(store().lockAndLoad(id, System.currentTimeMillis(), 10_000).acquired(),
                "the session is there, locked by the next holder");
        assertSaved(store().delete(id, next.lock()));
        assertEquals(Optional.empty(), store().load(id, System.currentTimeMillis()));
    }

    private Set<String> idsOf(String principal) {
        Set<String> ids = new HashSet<>();
        for (StoredSession found : store().sessionsOf(principal, System.currentTimeMillis())) {
            assertEquals(principal, found.principal());
            ids.add(found.id());
        }
        return ids;
    }

    @Test
    void aUsersSessionsFollowLoginLogoutChangeOfIdAndInvalidation() {
        String user = "alice-" + SessionIds.generate().substring(0, 8);
        long now = System.currentTimeMillis();
        String created = SessionIds.generate();
        store().create(new StoredSession(created, now, now, 600, new HashMap<>(), user));
        String loggedIn = SessionIds.generate();
        store().create(session(loggedIn, now, 600, Map.of("a", bytes("1"))));
        assertEquals(Set.of(created), idsOf(user), "a session bound when created");

        assertSaved(store().save(set(loggedIn, "b", "2").boundTo(user)));
        assertEquals(Set.of(created, loggedIn), idsOf(user), "bound by a save: a login");
        StoredSession listed = store().sessionsOf(user, System.currentTimeMillis()).stream()
                .filter(found -> found.id().equals(loggedIn)).findFirst().orElseThrow();
        assertEquals(now, listed.creationTime());
        assertEquals(600, listed.maxInactiveInterval());
        assertEquals(Map.of(), listed.attributes(), "metadata only");
        assertEquals(user, load(loggedIn).principal(), "a load says whose it is");

        String moved = SessionIds.generate();
        assertSaved(store().changeId(loggedIn, set(moved, "c", "3")));
        assertEquals(Set.of(created, moved), idsOf(user), "a change of id moves the entry");
        assertEquals(user, load(moved).principal());

        String other = "bob-" + SessionIds.generate().substring(0, 8);
        String switched = SessionIds.generate();
        assertSaved(store().changeId(moved, set(switched, "d", "4").boundTo(other)));
        assertEquals(Set.of(created), idsOf(user), "moved and bound to someone else");
        assertEquals(Set.of(switched), idsOf(other));

        assertSaved(store().save(set(switched, "e", "5").boundTo(SessionChanges.NO_PRINCIPAL)));
        assertEquals(Set.of(), idsOf(other), "logged out, session kept");
        assertEquals(null, load(switched).principal());

        assertSaved(store().delete(created, SessionLock.NONE));
        assertEquals(Set.of(), idsOf(user), "invalidated");
        assertEquals(Set.of(), idsOf("nobody-" + SessionIds.generate()), "an unknown user has none");
    }

    @Test
    void aSessionPastItsDueTimeIsNotListedAndLeavesItsUserWhenFinished() {
        String user = "carol-" + SessionIds.generate().substring(0, 8);
        long now = System.currentTimeMillis();
        String due = SessionIds.generate();
        store().create(new StoredSession(due, now - 11_000, now - 11_000, 10, new HashMap<>(), user));
        String live = SessionIds.generate();
        store().create(new StoredSession(live, now, now, 600, new HashMap<>(), user));
        assertEquals(Set.of(live), idsOf(user), "past its due time: the poller's, not listed");
        assertEquals(Set.of(due), claim(store(), now, Set.of(due)).keySet());
        store().finishExpired(List.of(due));
        assertEquals(Set.of(live), idsOf(user));
    }

    @Test
    void aSaveThatOnlyBindsTheUserIsNotEmpty() {
        String id = SessionIds.generate();
        store().create(session(id, System.currentTimeMillis(), 600, Map.of()));
        SessionChanges bind = new SessionChanges(id, null, Map.of(), Set.of()).boundTo("dave");
        assertFalse(bind.isEmpty());
        assertSaved(store().save(bind));
        assertEquals("dave", load(id).principal());
    }
}
