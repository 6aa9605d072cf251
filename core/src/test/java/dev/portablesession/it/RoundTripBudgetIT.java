package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.CountingRedisProxy;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Holds the filter to its Redis budget per request, counting the commands that really reach
 * Redis through a proxy: 0 for a request that does not touch the session, 1 to read, 2 to read
 * and change, 1 to create.
 */
@ExtendWith(RedisExtension.class)
class RoundTripBudgetIT {

    private static CountingRedisProxy proxy;
    private static JettyNode a;
    private static JettyNode b;
    private Browser browser;

    @BeforeAll
    static void start(RedisServer redis) {
        proxy = CountingRedisProxy.start(redis);
        a = JettyNode.start("a", filter());
        b = JettyNode.start("b", filter());
        // Each server sends each script whole once (NOSCRIPT, then EVAL); measure after that.
        for (JettyNode node : new JettyNode[] {a, b}) {
            Browser warm = new Browser(node.root());
            warm.get("/s?op=set&name=x&value=1");
            warm.get("/s?op=set&name=x&value=2");
            warm.get("/s?op=changeId");
            warm.get("/s?op=invalidate");
        }
    }

    private static RedisSessionFilter filter() {
        return RedisSessionFilter.builder().redisUrl(proxy.uri()).namespace("it-budget").build();
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        proxy.close();
    }

    @BeforeEach
    void newBrowser() {
        browser = new Browser(a.root(), b.root());
        browser.get("/s?op=set&name=user&value=alice");
        browser.get("/s?op=append&name=cart&value=apple");
    }

    private Map<String, Long> commandsOf(Supplier<Browser.Response> request) {
        proxy.awaitQuiet(Duration.ofMillis(30));
        proxy.reset();
        Browser.Response response = request.get();
        assertEquals(true, response.status() < 500, "status " + response.status() + ": " + response.body());
        proxy.awaitQuiet(Duration.ofMillis(50));
        Map<String, Long> commands = proxy.commands();
        commands.keySet().removeAll(CountingRedisProxy.CONNECTION_COMMANDS);
        return commands;
    }

    @Test
    void requestThatNeverTouchesTheSessionCostsNothing() {
        assertEquals(Map.of(), commandsOf(() -> browser.get("/s?op=none")));
        browser.cookie(null);
        assertEquals(Map.of(), commandsOf(() -> browser.get("/s?op=none")));
    }

    @Test
    void requestThatNeverTouchesTheSessionGetsNoRequestAttribute() {
        // The first request attribute makes the container allocate the request's attribute map.
        assertEquals("", browser.get("/s?op=filter-attributes").body());
        assertEquals("dev.portablesession.internal.filter.RequestSessionState\n",
                browser.get("/s?op=filter-attributes&touch").body(), "a request that uses its session carries its state");
    }

    @Test
    void malformedCookieCostsNothing() {
        browser.cookie("not-a-session-id");
        assertEquals(Map.of(), commandsOf(() -> browser.get("/s?op=get&name=user")));
    }

    @Test
    void readingAnExistingSessionIsOneScript() {
        assertEquals(Map.of("EVALSHA", 1L), commandsOf(() -> browser.get("/s?op=get&name=user")));
        assertEquals(Map.of("EVALSHA", 1L), commandsOf(() -> browser.get("/s?op=get2&name=user")),
                "loaded once per request however often it is asked for");
        assertEquals(Map.of("EVALSHA", 1L), commandsOf(() -> browser.get("/s?op=get&name=cart")),
                "a mutable attribute read and not changed is not written");
        assertEquals(Map.of("EVALSHA", 1L), commandsOf(() -> browser.get("/forward?op=get&name=user")),
                "a forward shares the request's session");
    }

    @Test
    void changingAnExistingSessionIsTwoScripts() {
        assertEquals(Map.of("EVALSHA", 2L), commandsOf(() -> browser.get("/s?op=set&name=user&value=bob")));
        assertEquals(Map.of("EVALSHA", 2L), commandsOf(() -> browser.get("/s?op=append&name=cart&value=pear")),
                "an in-place change is found and written");
        assertEquals(Map.of("EVALSHA", 2L), commandsOf(() -> browser.get("/s?op=remove&name=user")));
        assertEquals(Map.of("EVALSHA", 2L), commandsOf(() -> browser.get("/redirect?name=user&value=carol")),
                "saved once before the redirect commits, not again at the end");
    }

    @Test
    void settingTheValueItAlreadyHasWritesNothing() {
        assertEquals(Map.of("EVALSHA", 1L), commandsOf(() -> browser.get("/s?op=set&name=user&value=alice")));
    }

    @Test
    void creatingASessionIsOneScript() {
        Browser fresh = new Browser(a.root(), b.root());
        assertEquals(Map.of("EVALSHA", 1L), commandsOf(() -> fresh.get("/s?op=set&name=user&value=dave")));
        assertEquals(Map.of("EVALSHA", 1L), commandsOf(() -> new Browser(b.root()).get("/redirect?name=u&value=v")));
    }

    @Test
    void invalidateAndChangeSessionIdCosts() {
        assertEquals(Map.of("EVALSHA", 3L), commandsOf(() -> browser.get("/s?op=changeId")),
                "load, take the old key, write the new one");
        assertEquals(Map.of("EVALSHA", 1L, "DEL", 1L), commandsOf(() -> browser.get("/s?op=invalidate")));
    }
}
