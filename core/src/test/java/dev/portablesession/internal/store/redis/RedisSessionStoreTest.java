package dev.portablesession.internal.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.ExpiryIndex;
import dev.portablesession.internal.store.SessionStore;
import dev.portablesession.internal.store.SessionStoreContract;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.RespClient;
import dev.portablesession.testing.SpawnedRedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import dev.portablesession.internal.store.LockAttempt;
import java.util.List;
import dev.portablesession.internal.store.SaveOutcome;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.store.OtherFormatException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against a real Redis, plus what is particular to Redis. */
@ExtendWith(RedisExtension.class)
class RedisSessionStoreTest extends SessionStoreContract {

    private static final String NAMESPACE = "store-test";
    private RedisServer redis;
    private RedisSessionStore store;
    private RedisSessionStore otherServer;

    @BeforeEach
    void open(RedisServer server) {
        redis = server;
        store = open(server.uri());
    }

    /** Loads send every attribute, as the contract expects; the lazy test turns deferring on. */
    private static RedisSessionStore open(String url) {
        return open(Map.of("redis.url", url, "attribute.lazy-above", "off"));
    }

    private static RedisSessionStore open(Map<String, String> values) {
        Settings settings = Settings.load(SettingSources.builder().programmatic(values));
        return RedisConnections.open(settings, NAMESPACE, ExpiryIndex.kept(HORIZON));
    }

    @AfterEach
    void close() {
        store.close();
        if (otherServer != null) {
            otherServer.close();
        }
    }

    @Override
    protected SessionStore store() {
        return store;
    }

    @Override
    protected SessionStore otherServer() {
        if (otherServer == null) {
            otherServer = open(redis.uri());
        }
        return otherServer;
    }

    @Test
    void aLazyStoreDefersLargeAttributesAndFetchesThemOneByOne() {
        store.lazyAbove(5);
        String id = SessionIds.generate();
        long now = System.currentTimeMillis();
        Map<String, byte[]> attributes = new HashMap<>();
        attributes.put("small", "\"s\"".getBytes(StandardCharsets.UTF_8));
        attributes.put("exactly", "x".repeat(5).getBytes(StandardCharsets.UTF_8));
        attributes.put("cart", "c".repeat(5_000).getBytes(StandardCharsets.UTF_8));
        attributes.put("mööp", "m".repeat(50).getBytes(StandardCharsets.UTF_8));
        store.create(new StoredSession(id, now, now, 60, attributes, "a user with a long name"));

        StoredSession loaded = store.load(id, now + 1).orElseThrow();
        assertEquals(java.util.Set.of("small", "exactly"), loaded.attributes().keySet(), "up to the limit: sent");
        assertEquals(Map.of("cart", 5_000, "mööp", 50), loaded.deferred(), "above it: named, with its size");
        assertEquals("a user with a long name", loaded.principal(), "metadata is never deferred");
        assertEquals(now, loaded.creationTime());
        assertEquals(60, loaded.maxInactiveInterval());
        LockAttempt locked = store.lockAndLoad(id, now + 2, 10_000);
        assertEquals(Map.of("cart", 5_000, "mööp", 50), locked.session().orElseThrow().deferred(), "the locked load defers alike");
        assertEquals(java.util.Set.of("small", "exactly"), locked.session().orElseThrow().attributes().keySet());

        assertEquals("c".repeat(5_000), new String(store.attribute(id, "cart").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals("m".repeat(50), new String(store.attribute(id, "mööp").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), store.attribute(id, "none"));
        store.delete(id, locked.lock());
        assertEquals(Optional.empty(), store.attribute(id, "cart"), "the session is gone");
    }

    @Test
    void aLazyLoadOfAManyFieldedSessionReadsItWholeAndDefersAlike() {
        store.lazyAbove(100);
        String id = SessionIds.generate();
        long now = System.currentTimeMillis();
        Map<String, byte[]> attributes = new HashMap<>();
        for (int i = 0; i < SessionScripts.SIZED_LOAD_MAX_FIELDS; i++) {
            attributes.put("line" + i, ("\"" + i + "\"").getBytes(StandardCharsets.UTF_8));
        }
        attributes.put("cart", "c".repeat(5_000).getBytes(StandardCharsets.UTF_8));
        store.create(new StoredSession(id, now, now, 60, attributes));

        StoredSession loaded = store.load(id, now + 1).orElseThrow();
        assertEquals(Map.of("cart", 5_000), loaded.deferred(), "above the field count of the sized load: HGETALL, deferring alike");
        assertEquals(SessionScripts.SIZED_LOAD_MAX_FIELDS, loaded.attributes().size());
        assertEquals("\"7\"", new String(loaded.attributes().get("line7"), StandardCharsets.UTF_8));
        assertEquals(Map.of("cart", 5_000), store.lockAndLoad(id, now + 2, 10_000).session().orElseThrow().deferred());
    }

    @Test
    void aLazyLoadRefusesAndMissesWhatAnEagerLoadDoes() {
        store.lazyAbove(5);
        long now = System.currentTimeMillis();
        assertEquals(Optional.empty(), store.load(SessionIds.generate(), now), "no such session");

        String expired = SessionIds.generate();
        store.create(new StoredSession(expired, now - 120_000, now - 120_000, 60, new HashMap<>(
                Map.of("cart", "c".repeat(50).getBytes(StandardCharsets.UTF_8)))));
        assertEquals(Optional.empty(), store.load(expired, now), "past its due time, though its key lives on");

        String other = SessionIds.generate();
        store.create(new StoredSession(other, now, now, 60, new HashMap<>()));
        String key = RedisSessionStore.key(NAMESPACE, other);
        redis.client().command("HSET", key, "m:format", "2", "a:cart", "c".repeat(50));
        Map<String, String> before = strings(redis.client().hgetall(key));
        assertThrows(OtherFormatException.class, () -> store.load(other, now + 1));
        assertThrows(OtherFormatException.class, () -> store.lockAndLoad(other, now + 1, 1000));
        assertEquals(before, strings(redis.client().hgetall(key)), "nothing written, not even the access time");

        String touched = SessionIds.generate();
        store.create(new StoredSession(touched, now, now, 60, new HashMap<>(
                Map.of("cart", "c".repeat(50).getBytes(StandardCharsets.UTF_8)))));
        StoredSession loaded = store.load(touched, now + 1000).orElseThrow();
        assertEquals(now, loaded.lastAccessedTime(), "the load answers the access time before this request");
        assertEquals(String.valueOf(now + 1000), strings(redis.client().hgetall(RedisSessionStore.key(NAMESPACE, touched)))
                .get("m:accessed"), "and moves it");
    }

    @Test
    void oneHashPerSessionWithATaggedKeyAndTtl() {
        String id = SessionIds.generate();
        Map<String, byte[]> attributes = new HashMap<>();
        attributes.put("user", "\"alice\"".getBytes(StandardCharsets.UTF_8));
        store.create(new StoredSession(id, 1000, 2000, 60, attributes));

        String key = NAMESPACE + ":{" + id.charAt(0) + "}:" + id;
        assertEquals(key, RedisSessionStore.key(NAMESPACE, id));
        Map<String, byte[]> hash = redis.client().hgetall(key);
        assertEquals(Map.of("m:created", "1000", "m:accessed", "2000", "m:max-inactive", "60", "m:format", "1",
                "a:user", "\"alice\""), strings(hash));
        long ttl = redis.client().ttlMillis(key);
        long horizon = HORIZON.toMillis();
        assertTrue(ttl > 55_000 + horizon && ttl <= 60_000 + horizon, "TTL is the interval plus the horizon: " + ttl);
    }

    @Test
    void theExpiryIndexOfABucketHoldsTheDueTimeInTheSessionsSlotAndGoesWithItsLastSession() {
        String id = SessionIds.generate();
        long now = System.currentTimeMillis();
        store.create(new StoredSession(id, now, now, 60, new HashMap<>()));
        String index = NAMESPACE + ":{" + id.charAt(0) + "}:expiry";
        assertEquals(index, RedisSessionStore.indexKey(NAMESPACE, id));
        assertEquals(String.valueOf(now + 60_000), RespClient.text(redis.client().command("ZSCORE", index, id)));
        long ttl = redis.client().ttlMillis(index);
        assertTrue(ttl > 55_000 + HORIZON.toMillis(), "covers the due time plus the horizon: " + ttl);
        store.load(id, now + 5_000);
        assertEquals(String.valueOf(now + 65_000), RespClient.text(redis.client().command("ZSCORE", index, id)), "a load touches it");
        store.delete(id, SessionLock.NONE);
        assertEquals(null, redis.client().command("ZSCORE", index, id), "the entry goes with the session");
    }

    @Test
    void aUsersSetLivesInItsSessionsSlotOutlivesItAndGoesWithItsLastSession() {
        String user = "eve";
        long now = System.currentTimeMillis();
        String id = SessionIds.generate();
        store.create(new StoredSession(id, now, now, 60, new HashMap<>(), user));
        String set = NAMESPACE + ":{" + id.charAt(0) + "}:user:" + Sha1.hex(user);
        assertEquals(set, RedisSessionStore.userKey(NAMESPACE, id, user));
        assertEquals("eve", strings(redis.client().hgetall(RedisSessionStore.key(NAMESPACE, id))).get("m:principal"));
        assertEquals(List.of(id), members(set));
        long sessionTtl = redis.client().ttlMillis(RedisSessionStore.key(NAMESPACE, id));
        assertTrue(redis.client().ttlMillis(set) >= sessionTtl, "the set outlives its session");

        redis.client().command("PEXPIRE", set, "1000");
        store.load(id, System.currentTimeMillis());
        assertTrue(redis.client().ttlMillis(set) >= redis.client().ttlMillis(RedisSessionStore.key(NAMESPACE, id)),
                "a load restarts the set's TTL with the session's");

        String forever = SessionIds.generate();
        String foreverSet = RedisSessionStore.userKey(NAMESPACE, forever, user);
        store.create(new StoredSession(forever, now, now, 0, new HashMap<>(), user));
        assertEquals(-1, redis.client().ttlMillis(foreverSet), "holding a session that never expires, the set does not either");

        store.delete(id, SessionLock.NONE);
        store.delete(forever, SessionLock.NONE);
        assertEquals(List.of(), redis.client().keys(NAMESPACE + ":*user:" + Sha1.hex(user)), "no set is left once its sessions are gone");
    }

    /** A new id in the bucket of {@code other}: the same set of the user, the same slot. */
    private static String sameBucket(String other) {
        return other.charAt(0) + SessionIds.generate().substring(1);
    }

    @Test
    void everyScriptThatEndsOrMovesASessionTakesItOutOfItsUsersSetItself() {
        long now = System.currentTimeMillis();
        String moved = SessionIds.generate();
        store.create(new StoredSession(moved, now, now, 60, new HashMap<>(), "hal"));
        String newId = SessionIds.generate();
        assertEquals(SaveOutcome.SAVED, store.changeId(moved, new SessionChanges(newId, null, Map.of(), java.util.Set.of())));
        assertEquals(List.of(), members(RedisSessionStore.userKey(NAMESPACE, moved, "hal")), "TAKE took the old id out");
        assertEquals(List.of(newId), members(RedisSessionStore.userKey(NAMESPACE, newId, "hal")), "CREATE put the new one in");

        String deleted = sameBucket(newId);
        store.create(new StoredSession(deleted, now, now, 60, new HashMap<>(), "hal"));
        store.delete(deleted, SessionLock.NONE);
        assertEquals(List.of(newId), members(RedisSessionStore.userKey(NAMESPACE, newId, "hal")), "DELETE took it out");

        String expired = sameBucket(newId);
        store.create(new StoredSession(expired, now - 11_000, now - 11_000, 10, new HashMap<>(), "hal"));
        assertEquals(2, members(RedisSessionStore.userKey(NAMESPACE, newId, "hal")).size());
        assertEquals(1, store.claimExpired(now, 1000, 60_000).stream().filter(s -> s.id().equals(expired)).count());
        store.finishExpired(List.of(expired));
        assertEquals(List.of(newId), members(RedisSessionStore.userKey(NAMESPACE, newId, "hal")), "FINISH took it out");

        String loggedOut = sameBucket(newId);
        store.create(new StoredSession(loggedOut, now, now, 60, new HashMap<>(), "hal"));
        store.save(new SessionChanges(loggedOut, null, Map.of(), java.util.Set.of()).boundTo(SessionChanges.NO_PRINCIPAL));
        assertEquals(List.of(newId), members(RedisSessionStore.userKey(NAMESPACE, newId, "hal")), "a logout's SAVE took it out");
    }

    @Test
    void aUsersSetGetsItsTtlBackOnceItHoldsNoSessionThatNeverExpires() {
        long now = System.currentTimeMillis();
        String forever = SessionIds.generate();
        String expiring = sameBucket(forever);
        String set = RedisSessionStore.userKey(NAMESPACE, forever, "ivy");
        store.create(new StoredSession(forever, now, now, 0, new HashMap<>(), "ivy"));
        store.create(new StoredSession(expiring, now, now, 60, new HashMap<>(), "ivy"));
        assertEquals(-1, redis.client().ttlMillis(set), "it holds a session that never expires");
        store.delete(forever, SessionLock.NONE);
        long ttl = redis.client().ttlMillis(set);
        assertTrue(ttl >= redis.client().ttlMillis(RedisSessionStore.key(NAMESPACE, expiring)) - 50 && ttl > 0,
                "back to covering its expiring member: " + ttl);

        String again = sameBucket(forever);
        store.create(new StoredSession(again, now, now, 0, new HashMap<>(), "ivy"));
        assertEquals(-1, redis.client().ttlMillis(set));
        store.save(new SessionChanges(again, 60, Map.of(), java.util.Set.of()));
        assertTrue(redis.client().ttlMillis(set) > 0, "its member now expires: so does the set");
    }

    @Test
    void listingDropsEntriesWhoseSessionIsGoneOrBelongsToSomeoneElse() {
        long now = System.currentTimeMillis();
        String vanished = SessionIds.generate();
        String taken = SessionIds.generate();
        store.create(new StoredSession(vanished, now, now, 60, new HashMap<>(), "frank"));
        store.create(new StoredSession(taken, now, now, 60, new HashMap<>(), "frank"));
        // What no script does: the hash gone behind the index's back, another user written in by hand.
        redis.client().command("DEL", RedisSessionStore.key(NAMESPACE, vanished));
        redis.client().command("HSET", RedisSessionStore.key(NAMESPACE, taken), "m:principal", "grace");

        assertEquals(List.of(), store.sessionsOf("frank", System.currentTimeMillis()));
        assertEquals(List.of(), members(RedisSessionStore.userKey(NAMESPACE, vanished, "frank")));
        assertEquals(List.of(), members(RedisSessionStore.userKey(NAMESPACE, taken, "frank")));
    }

    @SuppressWarnings("unchecked")
    private List<String> members(String set) {
        return ((List<Object>) redis.client().command("SMEMBERS", set)).stream().map(RespClient::text).toList();
    }

    @Test
    void aSessionOfAnotherFormatVersionIsRefusedByEveryOperationAndLeftUntouched() {
        String id = SessionIds.generate();
        long now = System.currentTimeMillis();
        store.create(new StoredSession(id, now, now, 60, new HashMap<>(Map.of("user", "\"alice\"".getBytes(StandardCharsets.UTF_8)))));
        String key = RedisSessionStore.key(NAMESPACE, id);
        redis.client().command("HSET", key, "m:format", "2", "a:user", "{\"v2\":true}");
        Map<String, String> before = strings(redis.client().hgetall(key));

        String expected = "has another stored format than this version of the library reads and writes (1)";
        for (org.junit.jupiter.api.function.Executable operation : List.<org.junit.jupiter.api.function.Executable>of(
                () -> store.load(id, now + 1),
                () -> store.peek(id, now + 1),
                () -> store.lockAndLoad(id, now + 1, 1000),
                () -> store.save(new SessionChanges(id, null, Map.of("user", "\"old\"".getBytes(StandardCharsets.UTF_8)), java.util.Set.of())),
                () -> store.changeId(id, new SessionChanges(SessionIds.generate(), null, Map.of(), java.util.Set.of())))) {
            SessionStoreException e = assertThrows(OtherFormatException.class, operation);
            assertTrue(e.getMessage().contains(expected), e.getMessage());
            assertFalse(e.getMessage().contains(id), "no session id in the message");
        }
        assertEquals(before, strings(redis.client().hgetall(key)), "nothing written");
        assertEquals(null, redis.client().command("GET", RedisSessionStore.lockKey(NAMESPACE, id)), "no lock taken");
    }

    @Test
    void aSessionWrittenBeforeTheFormatFieldExistedIsVersionOne() {
        String id = SessionIds.generate();
        long now = System.currentTimeMillis();
        store.create(new StoredSession(id, now, now, 60, new HashMap<>()));
        redis.client().command("HDEL", RedisSessionStore.key(NAMESPACE, id), "m:format");
        assertTrue(store.load(id, now + 1).isPresent());
        assertTrue(store.peek(id, now + 1).isPresent());
        assertEquals(SaveOutcome.SAVED, store.save(new SessionChanges(id, null, Map.of("x", "1".getBytes(StandardCharsets.UTF_8)), java.util.Set.of())));
    }

    @Test
    void scriptsSurviveAFlushedScriptCache() {
        String id = SessionIds.generate();
        store.create(new StoredSession(id, 1, 1, 60, new HashMap<>()));
        redis.client().command("SCRIPT", "FLUSH");
        assertTrue(store.load(id, 2).isPresent(), "NOSCRIPT is answered by sending the script whole");
        redis.client().command("SCRIPT", "FLUSH");
        assertFalse(store.load(SessionIds.generate(), 3).isPresent());
    }

    @Test
    void unreachableRedisFailsFastWithAClearMessageAndRecovers() {
        try (SpawnedRedisServer own = RedisExtension.startPrivate(Map.of("requirepass", "hunter2-secret"))) {
            String id = SessionIds.generate();
            // One retry after a 1 s timeout: a request waits at most about 2 s, never Redisson's default 6+ s.
            try (RedisSessionStore guarded = open(Map.of("redis.url", own.uri(), "redis.timeout", "1s",
                    "redis.connect-timeout", "1s"))) {
                guarded.create(new StoredSession(id, 1, 1, 600, new HashMap<>()));
                own.stop();
                long start = System.nanoTime();
                SessionStoreException down = assertThrows(SessionStoreException.class, () -> guarded.load(id, 2));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 4500, "failed in " + millis + " ms");
                assertTrue(down.getMessage().contains("127.0.0.1:" + own.port()), down.getMessage());
                assertFalse(down.getMessage().contains("hunter2-secret"), down.getMessage());
                own.start();
                guarded.create(new StoredSession(id, 1, 1, 600, new HashMap<>()));
                assertTrue(guarded.load(id, 3).isPresent(), "reconnects by itself");
            }
            try (RedisSessionStore wrong = open("redis://:wrong-password-123@127.0.0.1:" + own.port())) {
                SessionStoreException denied = assertThrows(SessionStoreException.class, () -> wrong.load(id, 2));
                assertFalse(denied.getMessage().contains("wrong-password-123"), denied.getMessage());
            }
        }
    }

    @Test
    void databaseIndexFromTheUrlIsUsed() {
        String id = SessionIds.generate();
        try (RedisSessionStore inDb3 = open(redis.address() + "/3");
                RespClient db3 = new RespClient(redis.host(), redis.port(), redis.username(), redis.password(), 3)) {
            inDb3.create(new StoredSession(id, 1, 1, 60, new HashMap<>()));
            assertTrue(db3.exists(RedisSessionStore.key(NAMESPACE, id)));
            assertFalse(redis.client().exists(RedisSessionStore.key(NAMESPACE, id)), "not in the default database");
        }
    }

    @Test
    void redissonYamlConfigFileIsUsed(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("redisson.yaml"), "singleServerConfig:\n  address: \"" + redis.address()
                + "\"\n" + (redis.password() == null ? "" : "password: \"" + redis.password() + "\"\n"));
        Settings settings = Settings.load(SettingSources.builder().programmatic(Map.of("redis.config-file", yaml.toString())));
        String id = SessionIds.generate();
        try (RedisSessionStore fromYaml = RedisConnections.open(settings, NAMESPACE, ExpiryIndex.OFF)) {
            fromYaml.create(new StoredSession(id, 1, 1, 60, new HashMap<>()));
            assertTrue(redis.client().exists(RedisSessionStore.key(NAMESPACE, id)));
        }
    }

    @Test
    void unreadableYamlIsAClearErrorWithoutThePassword(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("broken.yaml"), "password: \"yaml-secret-77\"\nsingleServerConfig: [not, a, map\n");
        Settings settings = Settings.load(SettingSources.builder().programmatic(Map.of("redis.config-file", yaml.toString())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisConnections.open(settings, NAMESPACE, ExpiryIndex.OFF));
        assertTrue(e.getMessage().contains("redis.config-file") && e.getMessage().contains("broken.yaml"), e.getMessage());
        assertFalse(e.getMessage().contains("yaml-secret-77"), e.getMessage());
    }

    private static Map<String, String> strings(Map<String, byte[]> hash) {
        Map<String, String> out = new HashMap<>();
        hash.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }
}
