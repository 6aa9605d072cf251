package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.LockMode;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisCluster;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisSentinelSet;
import dev.portablesession.testing.SpawnedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis frozen (SIGSTOP) longer than the request budget: a request that needs the session gets
 * its 503 once the budget is spent, not after Redisson's timeouts and retries, also when a
 * Redisson file asks for many slow retries, on a single server, on the Sentinel master and on
 * the cluster master that holds the session; after Redis goes on, the session is intact.
 */
class RequestBudgetIT {

    private static final Duration BUDGET = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    /** Retry settings a Redisson file may bring: alone, each would hold a request for about a minute. */
    private static final String SLOW_RETRIES = "  timeout: 10000\n  retryAttempts: 5\n";
    /** Longer than the test freezes Redis, so the sentinels or the cluster do not fail over meanwhile. */
    private static final Duration NO_FAILOVER = Duration.ofSeconds(30);

    enum Topology { URL, REDISSON_FILE_WITH_SLOW_RETRIES, SENTINEL_WITH_SLOW_RETRIES, CLUSTER_WITH_SLOW_RETRIES }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aFrozenRedisGivesA503WithinTheBudget(Topology topology) throws Exception {
        List<AutoCloseable> redis = new ArrayList<>();
        try {
            RedisSessionFilter.Builder builder = RedisSessionFilter.builder().namespace("it-budget").redisRequestBudget(BUDGET)
                    .lockMode(LockMode.NONE);
            Supplier<SpawnedRedisServer> toFreeze;
            switch (topology) {
                case URL, REDISSON_FILE_WITH_SLOW_RETRIES -> {
                    SpawnedRedisServer server = RedisExtension.startPrivate();
                    redis.add(server);
                    if (topology == Topology.URL) {
                        builder.redisUrl(server.uri());
                    } else {
                        Path yaml = dir.resolve("redisson.yaml");
                        Files.writeString(yaml, "singleServerConfig:\n  address: \"redis://" + server.host() + ":"
                                + server.port() + "\"\n" + SLOW_RETRIES);
                        builder.redisConfigFile(yaml);
                    }
                    toFreeze = () -> server;
                }
                case SENTINEL_WITH_SLOW_RETRIES -> {
                    RedisSentinelSet sentinels = RedisSentinelSet.start(NO_FAILOVER);
                    redis.add(sentinels);
                    builder.redisConfigFile(RedissonFiles.sentinel(dir, sentinels, SLOW_RETRIES));
                    toFreeze = sentinels::master;
                }
                case CLUSTER_WITH_SLOW_RETRIES -> {
                    RedisCluster cluster = RedisCluster.start(NO_FAILOVER);
                    redis.add(cluster);
                    builder.redisConfigFile(RedissonFiles.cluster(dir, cluster, SLOW_RETRIES));
                    // The master that holds the test's one session.
                    toFreeze = () -> cluster.masters().stream().filter(master -> !master.client().keys("it-budget:*").isEmpty())
                            .findFirst().orElseThrow();
                }
                default -> throw new AssertionError(topology);
            }
            try (JettyNode node = JettyNode.start("a", builder.build())) {
                Browser browser = new Browser(node.root());
                assertEquals("ok", browser.get("/s?op=set&name=user&value=alice").body());

                SpawnedRedisServer paused = toFreeze.get();
                paused.pause();
                try {
                    for (String op : List.of("/s?op=get&name=user", "/s?op=set&name=user&value=bob")) {
                        long start = System.nanoTime();
                        Browser.Response frozen = browser.get(op);
                        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                        assertEquals(503, frozen.status(), frozen.body());
                        assertTrue(frozen.body().contains("session store"), frozen.body());
                        assertTrue(millis >= BUDGET.toMillis() - 50 && millis < BUDGET.toMillis() + 1500,
                                op + " answered after " + millis + " ms, budget " + BUDGET.toMillis() + " ms");
                    }
                    assertEquals("untouched", browser.get("/s?op=none").body(), "no session, no wait");
                } finally {
                    paused.resume();
                }
                String back = null;
                for (int i = 0; i < 50 && !"alice".equals(back); i++) {
                    back = browser.get("/s?op=get&name=user").body();
                    Thread.sleep(100);
                }
                assertEquals("alice", back, "the session is intact once Redis goes on");
            }
        } finally {
            for (AutoCloseable closeable : redis) {
                closeable.close();
            }
        }
    }
}
