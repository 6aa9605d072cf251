package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.SpawnedRedisServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis at maxmemory with noeviction refuses writes with OOM: requests that only read still get
 * their session, without its expiry moved; requests that change one get a 503 saying Redis is out
 * of memory; the log has one line when writes stop and one when they work again, however many
 * requests come in between.
 */
class RedisFullIT {

    @RegisterExtension
    final LibraryLog log = new LibraryLog();

    @Test
    void readsAreServedWritesGetA503AndTheLogHasOneLinePerChange() throws InterruptedException {
        try (SpawnedRedisServer redis = RedisExtension.startPrivate();
                JettyNode a = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-full").build());
                JettyNode b = JettyNode.start("b", RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-full").build())) {
            Browser browser = new Browser(a.root(), b.root());
            assertEquals("ok", browser.get("/s?op=set&name=user&value=alice").body());
            String key = RedisSessionStore.key("it-full", browser.cookie());
            String accessedBefore = new String(redis.client().hgetall(key).get("m:accessed"));
            Thread.sleep(20);

            redis.client().command("CONFIG", "SET", "maxmemory-policy", "noeviction");
            redis.client().command("CONFIG", "SET", "maxmemory", "1");
            for (int i = 0; i < 6; i++) {
                Browser.Response read = browser.get("/s?op=get&name=user");
                assertEquals(200, read.status(), read.body());
                assertEquals("alice", read.body());
                Browser.Response write = browser.get("/s?op=set&name=user&value=bob" + i);
                assertEquals(503, write.status(), write.body());
                assertTrue(write.body().contains("out of memory"), write.body());
                assertEquals("30", write.header("Retry-After"));
            }
            assertEquals(accessedBefore, new String(redis.client().hgetall(key).get("m:accessed")), "the expiry was not moved");

            redis.client().command("CONFIG", "SET", "maxmemory", "0");
            assertEquals("ok", browser.get("/s?op=set&name=user&value=carol").body());
            assertEquals("carol", browser.get("/s?op=get&name=user").body());
        }
        List<String> messages = log.messages();
        assertEquals(2, messages.stream().filter(m -> m.contains("is out of memory")).count(), "one line per server: " + messages);
        assertEquals(2, messages.stream().filter(m -> m.contains("accepts writes again")).count(), messages.toString());
        assertEquals(0, messages.stream().filter(m -> m.contains("answers again") || m.contains("until it answers")).count(),
                messages.toString());
    }
}
