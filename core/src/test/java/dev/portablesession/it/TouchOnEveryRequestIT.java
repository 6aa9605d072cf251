package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.CountingRedisProxy;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A request that never calls {@code getSession} restarts the idle time only with
 * {@code touch-on-every-request}, at the cost of one round trip; by default it costs nothing and
 * leaves the session's last access where it was.
 */
@ExtendWith(RedisExtension.class)
class TouchOnEveryRequestIT {

    private static long accessed(RedisServer redis, String namespace, String id) {
        return Long.parseLong(new String(redis.client().hgetall(RedisSessionStore.key(namespace, id)).get("m:accessed"), StandardCharsets.UTF_8));
    }

    private static Map<String, Long> commandsOf(CountingRedisProxy proxy, Runnable request) {
        proxy.awaitQuiet(Duration.ofMillis(30));
        proxy.reset();
        request.run();
        proxy.awaitQuiet(Duration.ofMillis(50));
        Map<String, Long> commands = proxy.commands();
        commands.keySet().removeAll(CountingRedisProxy.CONNECTION_COMMANDS);
        return commands;
    }

    @Test
    void byDefaultAnUntouchedRequestNeitherCostsNorKeepsAlive(RedisServer redis) throws InterruptedException {
        try (CountingRedisProxy proxy = CountingRedisProxy.start(redis);
                JettyNode node = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(proxy.uri()).namespace("it-notouch").build())) {
            Browser browser = new Browser("SESSION", node.root());
            browser.get("/s?op=create");
            long before = accessed(redis, "it-notouch", browser.cookie());
            Thread.sleep(20);
            assertEquals(Map.of(), commandsOf(proxy, () -> browser.get("/s?op=none")));
            assertEquals(before, accessed(redis, "it-notouch", browser.cookie()));
        }
    }

    @Test
    void withTheSettingEveryRequestTouchesInOneRoundTrip(RedisServer redis) throws InterruptedException {
        try (CountingRedisProxy proxy = CountingRedisProxy.start(redis);
                JettyNode a = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(proxy.uri()).namespace("it-touch")
                        .touchOnEveryRequest(true).build());
                JettyNode b = JettyNode.start("b", RedisSessionFilter.builder().redisUrl(proxy.uri()).namespace("it-touch")
                        .touchOnEveryRequest(true).build())) {
            Browser browser = new Browser("SESSION", a.root(), b.root());
            browser.get("/s?op=set&name=user&value=ann");
            // Both servers have sent their start-up probe and every script once before anything is counted.
            browser.get("/s?op=get&name=user");
            browser.get("/s?op=get&name=user");
            long before = accessed(redis, "it-touch", browser.cookie());
            Thread.sleep(20);
            assertEquals(Map.of("EVALSHA", 1L), commandsOf(proxy, () -> browser.get("/s?op=none")));
            assertTrue(accessed(redis, "it-touch", browser.cookie()) > before, "the idle time restarted");
            assertEquals(Map.of("EVALSHA", 1L), commandsOf(proxy, () -> assertEquals("ann", browser.get("/s?op=get&name=user").body())),
                    "the application's getSession uses the session loaded up front");
            browser.cookie("not-a-session-id");
            assertEquals(Map.of(), commandsOf(proxy, () -> browser.get("/s?op=none")), "a malformed id is still free");
        }
    }
}
