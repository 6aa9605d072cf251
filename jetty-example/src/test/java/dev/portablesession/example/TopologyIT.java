package dev.portablesession.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.example.shop.testing.ShopApi;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.SpawnedRedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Other shapes of the demo: one node without a balancer, separate instances sharing a Redis, more nodes. */
@ExtendWith(RedisExtension.class)
class TopologyIT {

    private static String redisUrl;

    @BeforeAll
    static void redis(RedisServer redis) {
        redisUrl = redis.uri();
    }

    @Test
    void oneNodeListensOnThePortItselfWithoutABalancer() throws Exception {
        try (Demo demo = Demo.start("--nodes", "1", "--port", "0", "--redis", redisUrl)) {
            assertFalse(demo.balanced());
            assertEquals(List.of("node-1"), demo.nodeNames());
            assertEquals(List.of(demo.url()), demo.nodeUrls(), "the node is the front door");

            Browser browser = new Browser(demo.url());
            for (int i = 1; i <= 3; i++) {
                Browser.Response response = browser.post("/api/counter?name=c");
                assertEquals("node-1", response.servedBy());
                assertEquals(i, ShopApi.json(response).get("value"));
            }
        }
    }

    @Test
    void twoSingleNodeInstancesShareTheSessionThroughRedis() throws Exception {
        try (Demo east = Demo.start("--nodes", "1", "--port", "0", "--redis", redisUrl, "--name", "east");
                Demo west = Demo.start("--nodes", "1", "--port", "0", "--redis", redisUrl, "--name", "west")) {
            Browser onEast = new Browser(east.url());
            Browser onWest = onEast.at(west.url());

            Browser.Response login = onEast.post("/login", Map.of("user", "dave"));
            assertEquals(302, login.status());
            assertEquals("east", login.servedBy());

            Browser.Response page = onWest.get("/");
            assertEquals("west", page.servedBy());
            assertTrue(page.body().contains("<strong id=\"user\">dave</strong>"), page.body());

            assertEquals(302, onWest.post("/cart", Map.of("item", "figs")).status());
            Map<String, Object> seenByEast = ShopApi.session(onEast);
            assertEquals("east", seenByEast.get("node"));
            assertEquals("dave", seenByEast.get("user"));
            assertEquals(List.of("figs"), seenByEast.get("cart"));
        }
    }

    @Test
    void nodesAreNamedAfterTheNameFlagAndTakeTurns() throws Exception {
        try (Demo demo = Demo.start("--nodes", "3", "--port", "0", "--redis", redisUrl, "--name", "web")) {
            assertEquals(List.of("web-1", "web-2", "web-3"), demo.nodeNames());
            Browser browser = new Browser(demo.url());
            List<String> servedBy = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                servedBy.add(browser.get("/api/session").servedBy());
            }
            assertEquals(servedBy.subList(0, 3), servedBy.subList(3, 6), "round robin: " + servedBy);
            assertEquals(3, servedBy.stream().distinct().count(), "round robin: " + servedBy);
        }
    }

    @Test
    void whileRedisIsDownSessionRequestsGet503FromTheNodeAndTheRestStillWorks() throws Exception {
        try (SpawnedRedisServer own = RedisExtension.startPrivate();
                Demo demo = Demo.start("--nodes", "1", "--port", "0", "--redis", own.uri(), "--name", "solo")) {
            Browser browser = new Browser(demo.url());
            assertEquals(200, browser.post("/api/counter?name=c").status());

            own.stop();
            Browser.Response withSession = browser.get("/api/session");
            assertEquals(503, withSession.status(), withSession.body());
            assertEquals("solo", withSession.servedBy(), "the header is set before the session filter runs");
            Browser.Response withoutSession = new Browser(demo.url()).get("/");
            assertEquals(200, withoutSession.status(), "a page that needs no session is unaffected");

            own.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status;
            do {
                status = browser.post("/api/counter?name=c").status();
            } while (status != 200 && System.nanoTime() < deadline);
            assertEquals(200, status, "the node recovers once Redis is back");
        }
    }

    @Test
    void aBusyPortFailsTheStartWithThePortInTheMessage() throws Exception {
        try (Demo first = Demo.start("--nodes", "1", "--port", "0", "--redis", redisUrl)) {
            String busyPort = String.valueOf(first.url().getPort());
            Exception failure = assertThrows(Exception.class, () -> Demo.start("--port", busyPort, "--redis", redisUrl));
            assertTrue(String.valueOf(failure.getMessage()).contains(busyPort), failure.toString());
        }
    }
}
