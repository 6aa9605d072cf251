package dev.portablesession.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.example.shop.testing.ShopScenario;
import dev.portablesession.example.shop.testing.ShopUnderTest;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shop's scenario on the demo as it runs: two Jetty nodes behind the demo's round-robin balancer, so the
 * balancer, not the browser, alternates the nodes. Plus what only the demo has: the balancer itself.
 */
@ExtendWith(RedisExtension.class)
class BalancedShopIT extends ShopScenario {

    private static Demo demo;
    private static ShopUnderTest shop;

    @BeforeAll
    static void startDemo(RedisServer redis) throws Exception {
        demo = Demo.start("--port", "0", "--redis", redis.uri());
        shop = ShopUnderTest.behindBalancer(demo.url(), Set.copyOf(demo.nodeNames()), redis);
    }

    @AfterAll
    static void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    @Override
    protected ShopUnderTest shop() {
        return shop;
    }

    @Test
    void twoNodesRunBehindTheBalancer() {
        assertTrue(demo.balanced());
        assertEquals(List.of("node-1", "node-2"), demo.nodeNames());
        assertEquals(2, demo.nodeUrls().size());
        assertFalse(demo.nodeUrls().contains(demo.url()));
    }

    @Test
    void consecutiveRequestsAlternateBetweenTheNodes() throws Exception {
        Browser browser = shop.browser();
        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            servedBy.add(browser.get("/").servedBy());
        }
        assertEquals(Set.copyOf(demo.nodeNames()), Set.copyOf(servedBy), "served by " + servedBy);
        for (int i = 1; i < servedBy.size(); i++) {
            assertNotEquals(servedBy.get(i - 1), servedBy.get(i), "served by " + servedBy);
        }
    }

    @Test
    void redirectsAreRelativeSoTheyLeadBackThroughTheBalancer() throws Exception {
        Browser.Response login = shop.browser().post("/login", Map.of("user", "erin"));
        assertEquals(302, login.status());
        assertEquals("/", login.headers().firstValue("Location").orElseThrow());
    }
}
