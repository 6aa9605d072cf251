package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.LockMode;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.SpawnedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis frozen (SIGSTOP) longer than the request budget: a request that needs the session gets
 * its 503 once the budget is spent, not after Redisson's timeouts and retries, also when a
 * Redisson file asks for many slow retries; after Redis goes on, the session is intact.
 */
class RequestBudgetIT {

    private static final Duration BUDGET = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    enum Configured { URL, REDISSON_FILE_WITH_SLOW_RETRIES }

    @ParameterizedTest
    @EnumSource(Configured.class)
    void aFrozenRedisGivesA503WithinTheBudget(Configured configured) throws Exception {
        try (SpawnedRedisServer redis = RedisExtension.startPrivate()) {
            RedisSessionFilter.Builder builder = RedisSessionFilter.builder().namespace("it-budget").redisRequestBudget(BUDGET)
                    .lockMode(LockMode.NONE);
            if (configured == Configured.URL) {
                builder.redisUrl(redis.uri());
            } else {
                Path yaml = dir.resolve("redisson.yaml");
                Files.writeString(yaml, "singleServerConfig:\n  address: \"redis://" + redis.host() + ":" + redis.port()
                        + "\"\n  timeout: 10000\n  retryAttempts: 5\n");
                builder.redisConfigFile(yaml);
            }
            try (JettyNode node = JettyNode.start("a", builder.build())) {
                Browser browser = new Browser(node.root());
                assertEquals("ok", browser.get("/s?op=set&name=user&value=alice").body());

                redis.pause();
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
                    redis.resume();
                }
                String back = null;
                for (int i = 0; i < 50 && !"alice".equals(back); i++) {
                    back = browser.get("/s?op=get&name=user").body();
                    Thread.sleep(100);
                }
                assertEquals("alice", back, "the session is intact once Redis goes on");
            }
        }
    }
}
