package dev.portablesession.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.ExpiryIndex;
import dev.portablesession.internal.store.SaveOutcome;
import dev.portablesession.internal.store.SessionStore;
import dev.portablesession.internal.store.redis.RedisConnections;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three "servers" in one JVM (each its own Redisson client, session manager and expiry poller)
 * on one real Redis: every idle session expires once across all of them.
 */
@ExtendWith(RedisExtension.class)
class ExpiryPollerTest {

    private static final Duration HORIZON = Duration.ofSeconds(30);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private RedisServer redis;
    private String namespace;
    private final List<Server> servers = new ArrayList<>();
    /** Every sessionExpired, across the servers: id → times reported. */
    private final Map<String, AtomicInteger> expired = new ConcurrentHashMap<>();
    /** Delay from due time to sessionExpired, ms. */
    private final ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger removals = new AtomicInteger();

    /** One server: a store with its own connection, a manager and a poller (not started). */
    private final class Server {
        final SessionStore store;
        final ExpiryPoller poller;

        Server(int n) {
            Settings settings = Settings.load(SettingSources.builder().programmatic(Map.of("redis.url", redis.uri())));
            store = RedisConnections.open(settings, namespace, ExpiryIndex.kept(HORIZON));
            SessionManager manager = new SessionManager(store, new JsonAttributeCodec(List.of(), getClass().getClassLoader()),
                    null, new SessionCookie(settings, "", List.of()), settings, 1800, new Recorder());
            poller = new ExpiryPoller(manager, Duration.ofSeconds(1), getClass().getClassLoader(), "server-" + n);
        }
    }

    /** Checks the events of each expiry the way a session listener would see them. */
    private final class Recorder implements SessionEvents {
        @Override
        public void sessionExpired(HttpSession session) {
            expired.computeIfAbsent(session.getId(), id -> new AtomicInteger()).incrementAndGet();
            long due = session.getLastAccessedTime() + session.getMaxInactiveInterval() * 1000L;
            delays.add(System.currentTimeMillis() - due);
            if (!session.getId().equals(session.getAttribute("owner"))) {
                problems.add("attribute not readable in sessionExpired of " + session.getId());
            }
        }

        @Override
        public void outageStarted(String reason) {
            problems.add("outage: " + reason);
        }

        @Override
        public void attributeRemoved(HttpSession session, String name, Object value) {
            if (name.equals("owner") && session.getId().equals(value)) {
                removals.incrementAndGet();
            }
        }
    }

    @BeforeEach
    void start(RedisServer server) {
        redis = server;
        namespace = "expiry-test-" + NAMESPACES.incrementAndGet() + "-" + System.nanoTime();
        for (int n = 0; n < 3; n++) {
            servers.add(new Server(n));
        }
    }

    @AfterEach
    void stop() {
        for (Server server : servers) {
            server.poller.stop();
            server.store.close();
        }
    }

    private String create(SessionStore store, int interval) {
        String id = SessionIds.generate();
        long now = System.currentTimeMillis();
        Map<String, byte[]> attributes = new HashMap<>();
        attributes.put("owner", ("\"" + id + "\"").getBytes(StandardCharsets.UTF_8));
        store.create(new StoredSession(id, now, now, interval, attributes));
        return id;
    }

    private void awaitExpired(int count, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (expired.size() < count && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
    }

    private long percentile(double p) {
        List<Long> sorted = new ArrayList<>(delays);
        sorted.sort(null);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    @Test
    void aThousandSessionsExpireExactlyOnceAcrossThreeServersWithinTwoSeconds() throws InterruptedException {
        servers.forEach(server -> server.poller.start());
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 1000; i++) {
            ids.add(create(servers.get(i % 3).store, 1));
        }
        awaitExpired(1000, 15_000);
        Thread.sleep(1500);
        assertEquals(List.of(), List.copyOf(problems));
        assertEquals(ids, expired.keySet(), "every session expired");
        expired.forEach((id, times) -> assertEquals(1, times.get(), "sessionExpired of " + id));
        assertEquals(List.of(), List.copyOf(problems));
        assertEquals(1000, removals.get(), "attributeRemoved follows, with the value");
        long p50 = percentile(0.50);
        long p99 = percentile(0.99);
        System.out.println("ExpiryPollerTest: 1000 sessions, 3 servers, poll 1 s: delay from due time p50 " + p50
                + " ms, p99 " + p99 + " ms, max " + percentile(1.0) + " ms");
        assertTrue(p99 < 2000, "p99 delay " + p99 + " ms");
        assertEquals(List.of(), redis.client().keys(namespace + ":*"), "nothing left in Redis");
    }

    @Test
    void sessionsThatExpiredWhileEveryServerWasDownExpireWhenOneReturns() throws InterruptedException {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 300; i++) {
            ids.add(create(servers.get(i % 3).store, 1));
        }
        Thread.sleep(2500);
        assertEquals(Map.of(), expired, "nobody polls");
        servers.get(1).poller.start();
        awaitExpired(300, 10_000);
        assertEquals(List.of(), List.copyOf(problems));
        assertEquals(ids, expired.keySet(), "all delivered by the server that came back");
        expired.forEach((id, times) -> assertEquals(1, times.get(), "sessionExpired of " + id));
        assertEquals(List.of(), List.copyOf(problems));
    }

    @Test
    void aSoakOfCreateExpireInvalidateAndChangeIdLeavesNoKeyBehind() throws InterruptedException {
        servers.forEach(server -> server.poller.start());
        Random random = new Random(7);
        Set<String> live = ConcurrentHashMap.newKeySet();
        int invalidated = 0;
        int moved = 0;
        long end = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < end) {
            SessionStore store = servers.get(random.nextInt(3)).store;
            String id = create(store, 1);
            live.add(id);
            String some = live.iterator().next();
            switch (random.nextInt(4)) {
                case 0 -> store.load(some, System.currentTimeMillis());
                case 1 -> {
                    if (store.delete(some, SessionLock.NONE) == SaveOutcome.SAVED) {
                        invalidated++;
                    }
                    live.remove(some);
                }
                case 2 -> {
                    String newId = SessionIds.generate();
                    Map<String, byte[]> owner = Map.of("owner", ("\"" + newId + "\"").getBytes(StandardCharsets.UTF_8));
                    if (store.changeId(some, new SessionChanges(newId, null, owner, Set.of()))
                            == SaveOutcome.SAVED) {
                        moved++;
                        live.add(newId);
                    }
                    live.remove(some);
                }
                default -> {
                }
            }
            Thread.sleep(2);
        }
        awaitExpired(live.size(), 10_000);
        Thread.sleep(1500);
        System.out.println("ExpiryPollerTest soak: " + expired.size() + " expired, " + invalidated + " invalidated, "
                + moved + " moved");
        assertEquals(List.of(), List.copyOf(problems));
        expired.forEach((id, times) -> assertEquals(1, times.get(), "sessionExpired of " + id));
        assertTrue(expired.keySet().containsAll(live), "every session left alive expired");
        assertEquals(List.of(), redis.client().keys(namespace + ":*"), "no orphan key once everything is due and claimed");
    }
}
