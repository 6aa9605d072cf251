package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.LockMode;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisCluster;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisSentinelSet;
import dev.portablesession.testing.SpawnedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
    @RegisterExtension
    final LibraryLog log = new LibraryLog();

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

    /**
     * One budget for the whole request, across threads: an async dispatch whose save Redis does
     * not answer spends the budget, and the retries after it (the dispatch's failure path, the
     * save at the end of the async processing) get only what is left, nothing, instead of a budget
     * each.
     */
    @Test
    void anAsyncRequestKeepsOneBudgetAcrossItsDispatchesAndItsEnd() throws Exception {
        try (SpawnedRedisServer redis = RedisExtension.startPrivate();
                JettyNode node = JettyNode.start("a", RedisSessionFilter.builder().namespace("it-budget-async")
                        .redisUrl(redis.uri()).redisRequestBudget(BUDGET).lockMode(LockMode.NONE).build())) {
            Browser browser = new Browser(node.root());
            assertEquals("ok", browser.get("/s?op=set&name=user&value=alice").body());
            CompletableFuture<Browser.Response> response = CompletableFuture.supplyAsync(() -> browser.get("/async-dispatch?wait=600"));
            Thread.sleep(300);
            redis.pause();
            long paused = System.nanoTime();
            try {
                Browser.Response answer = response.get(30, TimeUnit.SECONDS);
                assertEquals(503, answer.status(), "the async dispatch's failure is a 503, not a 500: " + answer.body());
                // The save at the end of the async processing finds the budget spent and gives up at once.
                while (log.containing("could not be saved").isEmpty()
                        && System.nanoTime() - paused < Duration.ofSeconds(10).toNanos()) {
                    Thread.sleep(10);
                }
                long millis = Duration.ofNanos(System.nanoTime() - paused).toMillis();
                assertTrue(!log.containing("could not be saved").isEmpty(), "the end-of-async save failed: " + log.messages());
                assertTrue(millis < 300 + BUDGET.toMillis() + 500, "one budget in all: the last save gave up "
                        + millis + " ms after Redis froze, budget " + BUDGET.toMillis() + " ms");
            } finally {
                redis.resume();
            }
        }
    }
}
