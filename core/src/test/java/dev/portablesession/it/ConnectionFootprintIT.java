package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisCluster;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisSentinelSet;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.RespClient;
import dev.portablesession.testing.SpawnedRedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Redis connections and threads one application holds with the defaults, idle and under load. */
@ExtendWith(RedisExtension.class)
class ConnectionFootprintIT {

    @Test
    void smallFootprintAndParallelLoadStillServed(RedisServer redis) throws Exception {
        long threadsBefore = redissonThreads();
        try (RespClient admin = RespClient.connectTo(redis);
                JettyNode node = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(redis.uri())
                        .namespace("it-footprint").build())) {
            long connectionsBefore = clients(admin);
            for (int i = 0; i < 10; i++) {
                assertEquals(200, new Browser(node.root()).get("/s?op=set&name=n&value=" + i).status());
            }
            long idle = clients(admin) - connectionsBefore;
            long threads = redissonThreads() - threadsBefore;
            System.out.println("footprint: connections=" + idle + " threads=" + threads);
            assertTrue(idle >= 1 && idle <= 4, "connections: " + idle);
            assertTrue(threads <= 8, "threads: " + threads);

            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 320; i++) {
                    int n = i;
                    results.add(pool.submit(() ->
                            new Browser(node.root()).get("/s?op=set&name=n&value=" + n).status()));
                }
                for (Future<Integer> result : results) {
                    assertEquals(200, result.get());
                }
            } finally {
                pool.shutdownNow();
            }
            long loaded = clients(admin) - connectionsBefore;
            System.out.println("footprint under load: connections=" + loaded
                    + " threads=" + (redissonThreads() - threadsBefore));
            assertTrue(loaded <= 5, "connections under load: " + loaded);
        }
    }

    /**
     * Two applications (each its own filter and namespace, like two WARs on one Tomcat whose
     * shared lib holds the library) with and without {@code redis.share-client}: connections and
     * threads, and the shared client outliving the first application to go.
     */
    @Test
    void applicationsSharingAClientHoldOneClientsConnectionsAndThreads(RedisServer redis) throws Exception {
        try (RespClient admin = RespClient.connectTo(redis)) {
            long[] separate = applications(redis, admin, false);
            long[] shared = applications(redis, admin, true);
            System.out.println(APPLICATIONS + " applications: separate clients connections=" + separate[0] + " threads="
                    + separate[1] + "; shared client connections=" + shared[0] + " threads=" + shared[1]);
            assertTrue(separate[0] >= APPLICATIONS, "a client each, a connection each at least: " + separate[0]);
            assertTrue(shared[0] >= 1 && shared[0] < separate[0], "one client's connections: " + shared[0]);
            assertTrue(shared[1] < separate[1], "one client's threads: " + shared[1] + " vs " + separate[1]);
        }
        for (int i = 0; i < 100 && sharedThreads() > 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(0, sharedThreads(), "the shared client closed with the last application");
    }

    /** As many applications as the Tomcat held (150 connections with Redisson's defaults). */
    private static final int APPLICATIONS = 6;

    /** Connections and threads of the applications after 10 requests each; afterwards all are gone. */
    private static long[] applications(RedisServer redis, RespClient admin, boolean share) throws Exception {
        long threadsBefore = redissonThreads();
        long connectionsBefore = clients(admin);
        List<JettyNode> nodes = new ArrayList<>();
        try {
            for (int a = 0; a < APPLICATIONS; a++) {
                nodes.add(JettyNode.start("app" + a, RedisSessionFilter.builder().redisUrl(redis.uri())
                        .namespace("it-footprint-" + a).redisShareClient(share).build()));
            }
            for (int i = 0; i < 10; i++) {
                for (JettyNode node : nodes) {
                    assertEquals(200, new Browser(node.root()).get("/s?op=set&name=n&value=" + i).status());
                }
            }
            long[] counts = {clients(admin) - connectionsBefore, redissonThreads() - threadsBefore};
            nodes.get(0).close();
            assertEquals(200, new Browser(nodes.get(1).root()).get("/s?op=set&name=n&value=after").status(),
                    "the other applications keep working when one goes");
            if (share) {
                assertTrue(sharedThreads() > 0, "the shared client outlives the first application to go");
            }
            return counts;
        } finally {
            nodes.forEach(JettyNode::close);
        }
    }

    /**
     * Per node, after 10 requests: through a {@code redis-sentinel://} URL (the library's pools)
     * and a cluster through the file docs/configuration.md shows plus the pools of
     * {@link RedissonFiles}. For operators sizing {@code maxclients}.
     */
    @Test
    void connectionsPerNodeOnSentinelAndCluster(@TempDir Path dir) throws Exception {
        try (RedisSentinelSet sentinels = RedisSentinelSet.start()) {
            String url = RedissonFiles.sentinelUrl(sentinels);
            Map<String, SpawnedRedisServer> nodes = new LinkedHashMap<>();
            nodes.put("master", sentinels.master());
            nodes.put("replica", sentinels.replica());
            for (int i = 0; i < sentinels.sentinels().size(); i++) {
                nodes.put("sentinel " + (i + 1), sentinels.sentinels().get(i));
            }
            Map<String, Long> perNode = perNode(nodes, Map.of("redis.url", url, "namespace", "it-footprint-sentinel"));
            System.out.println("sentinel (redis-sentinel:// URL), connections per node: " + perNode);
            assertTrue(perNode.get("master") >= 1 && perNode.get("master") <= 4, perNode.toString());
            assertTrue(perNode.get("replica") <= 2, perNode.toString());
        }
        try (RedisCluster cluster = RedisCluster.start()) {
            Map<String, SpawnedRedisServer> nodes = new LinkedHashMap<>();
            List<SpawnedRedisServer> masters = cluster.masters();
            for (SpawnedRedisServer node : cluster.nodes()) {
                nodes.put((masters.contains(node) ? "master " : "replica ") + node.port(), node);
            }
            Map<String, Long> perNode = perNode(nodes, Map.of("redis.config-file",
                    RedissonFiles.cluster(dir, cluster).toString(), "namespace", "it-footprint-cluster"));
            System.out.println("cluster (file with pools as in RedissonFiles), connections per node: " + perNode);
            perNode.forEach((node, count) -> assertTrue(count <= 4, node + ": " + count));
        }
    }

    /** Connections each node holds from one application after 10 requests, less those there before. */
    private static Map<String, Long> perNode(Map<String, SpawnedRedisServer> nodes, Map<String, String> settings) {
        Map<String, Long> before = new LinkedHashMap<>();
        nodes.forEach((name, node) -> before.put(name, clients(node.client())));
        Map<String, Long> after = new LinkedHashMap<>();
        try (JettyNode node = JettyNode.startWithInitParams("a", settings)) {
            for (int i = 0; i < 10; i++) {
                assertEquals(200, new Browser(node.root()).get("/s?op=set&name=n&value=" + i).status());
            }
            nodes.forEach((name, server) -> after.put(name, clients(server.client()) - before.get(name)));
        }
        return after;
    }

    private static long sharedThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith("portable-session-shared-redis-")).count();
    }

    private static long clients(RespClient admin) {
        Object reply = admin.command("CLIENT", "LIST");
        String text = reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(reply);
        // Less this admin connection.
        return text.lines().filter(l -> l.contains("addr=")).count() - 1;
    }

    private static long redissonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("redisson") || n.contains("netty") || n.contains("nioEventLoop")
                        || n.contains("epollEventLoop") || n.startsWith("portable-session-shared-redis-"))
                .count();
    }
}
