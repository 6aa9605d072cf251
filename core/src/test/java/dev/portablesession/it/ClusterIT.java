package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisCluster;
import dev.portablesession.testing.SpawnedRedisServer;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on a Redis Cluster (three masters, three replicas: real processes), reached through
 * {@code redis.config-file}. Besides the shared walk: every key of a session, its lock included,
 * hashes to one slot, and no script of the library is refused for keys in several slots.
 *
 * <p>Keys are found by scanning the masters for the namespace, never by building their names, so
 * the test holds whatever the key layout.
 */
class ClusterIT {

    private static final String NAMESPACE = "it-cluster";

    @TempDir
    static Path dir;
    private static RedisCluster cluster;
    private static JettyNode a;
    private static JettyNode b;

    @RegisterExtension
    final LibraryLog log = new LibraryLog();

    private Map<String, Long> errorsBefore;

    @BeforeAll
    static void startClusterAndNodes() throws Exception {
        cluster = RedisCluster.start();
        Map<String, String> settings = Map.of("redis.config-file", RedissonFiles.cluster(dir, cluster).toString(),
                "namespace", NAMESPACE, "lock.mode", "exclusive");
        a = JettyNode.startWithInitParams("a", settings);
        b = JettyNode.startWithInitParams("b", settings);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, cluster}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // Keep closing the rest.
            }
        }
    }

    @BeforeEach
    void emptyClusterAndCountErrors() {
        cluster.flushAll();
        errorsBefore = cluster.errorCounts();
    }

    @AfterEach
    void noScriptRefusedForKeysInSeveralSlots() {
        Map<String, Long> errors = new TreeMap<>(cluster.errorCounts());
        errorsBefore.forEach((code, count) -> errors.merge(code, -count, Long::sum));
        errors.values().removeIf(count -> count == 0);
        System.out.println("error replies of the cluster during the test, by code: " + errors);
        assertFalse(errors.containsKey("CROSSSLOT"), "a command was refused for keys in several slots: " + errors);
        assertTrue(log.messages().stream().noneMatch(message -> message.contains("CROSSSLOT")), log.messages().toString());
    }

    @Test
    void twoNodesShareASessionOnTheCluster() throws Exception {
        SharedSessionWalk.run(a, b);
        assertEquals(List.of(), cluster.keys(NAMESPACE + ":*"), "the invalidated session left nothing behind");
    }

    @Test
    void everyKeyOfASessionAndItsLockIsInOneSlot() throws Exception {
        Browser browser = new Browser(a.root());
        browser.get("/s?op=set&name=user&value=alice");
        String id = browser.cookie();
        // The lock exists while a request holds it: look while one sleeps.
        CompletableFuture<HttpResponse<InputStream>> holding = browser.open("/s?op=set&name=user&value=bob&sleep=1500");
        Thread.sleep(500);
        List<String> keys = cluster.keys(NAMESPACE + ":*");
        holding.get(30, TimeUnit.SECONDS).body().readAllBytes();

        assertTrue(keys.size() >= 2, "the session and its lock: " + keys);
        assertTrue(keys.stream().anyMatch(key -> key.contains(id)), "a key names the session: " + keys);
        Map<String, Long> slots = new TreeMap<>();
        keys.forEach(key -> slots.put(key, cluster.keySlot(key)));
        assertEquals(1, new HashSet<>(slots.values()).size(), "one slot for all keys of the session: " + slots);
        assertEquals("bob", browser.at(b.root()).get("/s?op=get&name=user").body());
    }

    @Test
    void sessionsLandOnEveryMasterAndChangeIdMovesThemAcrossSlots() {
        int sessions = 30;
        Set<Long> slotsBefore = new HashSet<>();
        Set<Long> slotsAfter = new HashSet<>();
        for (int i = 0; i < sessions; i++) {
            Browser browser = new Browser(a.root(), b.root());
            assertEquals("ok", browser.get("/s?op=set&name=n&value=" + i).body());
            slotsBefore.add(slotOfSession(browser.cookie()));
            assertEquals(200, browser.get("/s?op=changeId").status());
            slotsAfter.add(slotOfSession(browser.cookie()));
            assertEquals(Integer.toString(i), browser.get("/s?op=get&name=n").body(), "read on a after the move on b");
        }
        List<Integer> perMaster = new ArrayList<>();
        for (SpawnedRedisServer master : cluster.masters()) {
            perMaster.add(master.client().keys(NAMESPACE + ":*").size());
        }
        System.out.println("sessions per master: " + perMaster + "; slots before/after changeId: "
                + slotsBefore.size() + "/" + slotsAfter.size());
        assertTrue(perMaster.size() == 3 && perMaster.stream().allMatch(count -> count > 0),
                "30 sessions on each of the 3 masters: " + perMaster);
    }

    /** Every sessionDestroyed of both servers (one JVM), with the attribute the listener could still read. */
    public static final class Destroyed implements HttpSessionListener {
        static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();

        @Override
        public void sessionDestroyed(HttpSessionEvent event) {
            EVENTS.add(event.getSession().getId() + " n=" + event.getSession().getAttribute("n"));
        }
    }

    @Test
    void idleSessionsOfEveryBucketExpireOnceAcrossServersWithTheirListener() throws Exception {
        String namespace = NAMESPACE + "-expiry";
        Map<String, String> settings = Map.of("redis.config-file", RedissonFiles.cluster(dir, cluster).toString(),
                "namespace", namespace, "max-inactive-interval", "1s", "listeners", Destroyed.class.getName());
        Destroyed.EVENTS.clear();
        try (JettyNode c = JettyNode.startWithInitParams("c", settings); JettyNode d = JettyNode.startWithInitParams("d", settings)) {
            int sessions = 150;
            List<String> expected = new ArrayList<>();
            Set<Character> buckets = new HashSet<>();
            for (int i = 0; i < sessions; i++) {
                Browser browser = new Browser(i % 2 == 0 ? c.root() : d.root());
                assertEquals("ok", browser.get("/s?op=set&name=n&value=" + i).body());
                expected.add(browser.cookie() + " n=" + i);
                buckets.add(browser.cookie().charAt(0));
            }
            List<Integer> indexesPerMaster = new ArrayList<>();
            for (SpawnedRedisServer master : cluster.masters()) {
                indexesPerMaster.add(master.client().keys(namespace + ":*:expiry").size());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Destroyed.EVENTS.size() < sessions && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // Two more poll intervals: a second claim of a session would fire now.
            Thread.sleep(2_000);
            List<String> events = List.copyOf(Destroyed.EVENTS);
            System.out.println(sessions + " sessions in " + buckets.size() + " buckets; expiry indexes per master: "
                    + indexesPerMaster + "; sessionDestroyed events: " + events.size());
            assertTrue(buckets.size() >= 40, "the sessions spread over the buckets: " + buckets.size());
            assertTrue(indexesPerMaster.stream().allMatch(count -> count > 0), "an expiry index on every master: " + indexesPerMaster);
            assertEquals(new HashSet<>(expected), new HashSet<>(events), "each session destroyed, its attribute readable");
            assertEquals(sessions, events.size(), "once each, across both servers");
            Browser late = new Browser(c.root());
            late.cookie(expected.get(0).substring(0, expected.get(0).indexOf(' ')));
            assertEquals("no-session", late.get("/s?op=info").body());
        }
    }

    @Test
    void theUserIndexNeverLeaksOnTheCluster() throws Exception {
        String namespace = NAMESPACE + "-users";
        Map<String, String> settings = UserIndexSoak.settings(namespace, 2_000);
        settings.put("redis.config-file", RedissonFiles.cluster(dir, cluster).toString());
        try (JettyNode c = JettyNode.startWithInitParams("c", settings); JettyNode d = JettyNode.startWithInitParams("d", settings)) {
            List<dev.portablesession.testing.RespClient> masters = cluster.masters().stream()
                    .map(SpawnedRedisServer::client).toList();
            UserIndexSoak.Report report = UserIndexSoak.run(c.root(), d.root(), masters, namespace, 6,
                    java.time.Duration.ofSeconds(10), 2_000);
            System.out.println("user index soak on the cluster, 10 s: " + report);
            assertEquals(0, report.danglingEntries(), report.toString());
            assertEquals(0, report.unindexedSessions(), report.toString());
            assertEquals(0, report.keysLeft(), report.toString());
        }
    }

    /** The slot of the key that names session {@code id}, found by scanning. */
    private static long slotOfSession(String id) {
        List<String> keys = cluster.keys(NAMESPACE + ":*").stream().filter(key -> key.contains(id)).toList();
        assertFalse(keys.isEmpty(), "no key names session " + id);
        return cluster.keySlot(keys.get(0));
    }
}
