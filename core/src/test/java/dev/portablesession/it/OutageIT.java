package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.SpawnedRedisServer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis goes away and comes back: the application keeps starting and serving what needs no
 * session, answers 503 where a session is needed, logs the outage once without secrets, and
 * recovers by itself.
 */
class OutageIT {

    private static final String PASSWORD = "pa55-w0rd-never-logged";
    @RegisterExtension
    final LibraryLog log = new LibraryLog();

    @Test
    void unreachableRedisGives503UntilItAnswersAndNeverLeaksThePassword() throws InterruptedException {
        try (SpawnedRedisServer redis = RedisExtension.startPrivate(Map.of("requirepass", PASSWORD))) {
            redis.stop();
            // The application starts although Redis is down.
            // A filter before ours sets a header (CORS, tracing): the 503 must keep it.
            jakarta.servlet.Filter tracing = (request, response, chain) -> {
                ((jakarta.servlet.http.HttpServletResponse) response).setHeader("X-Trace", "t-1");
                chain.doFilter(request, response);
            };
            try (JettyNode node = JettyNode.start("a", List.of(new FilterHolder(tracing), new FilterHolder(
                    RedisSessionFilter.builder().redisUrl(redis.uri()).redisConnectTimeout(java.time.Duration.ofMillis(500))
                            .build())), Map.of())) {
                assertTrue(node.isAvailable());
                Browser browser = new Browser(node.root());

                assertEquals("untouched", browser.get("/s?op=none").body(), "requests without a session are unaffected");
                Browser.Response unavailable = browser.get("/s?op=set&name=user&value=x");
                assertEquals(503, unavailable.status());
                assertTrue(unavailable.body().contains("session store cannot be reached"), unavailable.body());
                assertFalse(unavailable.body().contains(PASSWORD));
                assertEquals("t-1", unavailable.headers().firstValue("X-Trace").orElse(null), "headers set before the filter stay");
                assertEquals("5", unavailable.headers().firstValue("Retry-After").orElse(null));
                assertEquals(503, browser.get("/s?op=set&name=user&value=x").status());

                redis.start();
                assertEquals("ok", browser.get("/s?op=set&name=user&value=back").body());
                assertEquals("back", browser.get("/s?op=get&name=user").body());

                redis.stop();
                assertEquals(503, browser.get("/s?op=get&name=user").status(), "an outage after start is a 503 too");
                redis.start();
                assertEquals(200, browser.get("/s?op=create").status());
            }
        }
        List<String> messages = log.messages();
        long outages = messages.stream().filter(m -> m.contains("get 503 until it answers")).count();
        assertEquals(2, outages, "one line per outage, not per request: " + messages);
        assertTrue(messages.stream().anyMatch(m -> m.contains("answers again")), messages.toString());
        for (String message : messages) {
            assertFalse(message.contains(PASSWORD), "password in a log line: " + message);
        }
    }

    /**
     * Redis restarted without persistence: every session is gone. Each client carries a cookie
     * naming nothing; it gets no session where it only reads and a new one where it writes, on
     * either server and in either lock mode, never a 5xx.
     */
    @Test
    void redisRestartedEmptyGivesEveryClientANewSessionAndNever5xx() throws InterruptedException {
        try (SpawnedRedisServer redis = RedisExtension.startPrivate(Map.of("save", "", "appendonly", "no"))) {
            RedisSessionFilter.Builder unlocked = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-empty")
                    .expiryEvents(dev.portablesession.ExpiryEvents.ON);
            RedisSessionFilter.Builder exclusive = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-empty")
                    .expiryEvents(dev.portablesession.ExpiryEvents.ON).lockMode(dev.portablesession.LockMode.EXCLUSIVE);
            try (JettyNode a = JettyNode.start("a", unlocked.build()); JettyNode b = JettyNode.start("b", exclusive.build())) {
                List<Browser> users = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    Browser user = new Browser(a.root(), b.root());
                    assertEquals("ok", user.get("/s?op=set&name=user&value=u" + i).body());
                    assertEquals("u" + i, user.get("/s?op=get&name=user").body());
                    users.add(user);
                }
                java.util.Set<String> before = new java.util.HashSet<>();
                users.forEach(user -> before.add(user.cookie()));

                redis.stop();
                redis.start();
                assertEquals(0L, ((Number) redis.client().command("DBSIZE")).longValue(), "restarted empty");

                for (int i = 0; i < users.size(); i++) {
                    Browser user = users.get(i);
                    Browser.Response read = user.get("/s?op=get&name=user");
                    assertEquals(200, read.status(), read.body());
                    assertEquals("no-session", read.body());
                    Browser.Response write = user.get("/s?op=set&name=user&value=again" + i);
                    assertEquals(200, write.status(), write.body());
                    assertFalse(before.contains(user.cookie()), "a new id, never the old one adopted");
                    assertEquals("again" + i, user.get("/s?op=get&name=user").body());
                    assertEquals("again" + i, user.get("/s?op=get&name=user").body(), "read on the other server too");
                }
            }
        }
    }
}
