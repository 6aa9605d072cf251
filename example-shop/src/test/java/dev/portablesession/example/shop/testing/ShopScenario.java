package dev.portablesession.example;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed scenario: two nodes behind a round-robin balancer, so consecutive requests of one browser land on
 * different servers, and the session has to survive every hop.
 */
@ExtendWith(RedisExtension.class)
class BalancedShopIT {

    private static final Set<String> NODES = Set.of("node-1", "node-2");

    private static Demo demo;
    private static RedisServer redis;

    @BeforeAll
    static void startDemo(RedisServer server) throws Exception {
        redis = server;
        demo = Demo.start("--port", "0", "--redis", redis.uri());
    }

    @AfterAll
    static void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    private static Browser browser() {
        return new Browser(demo.url());
    }

    /** Session keys in Redis, looked up directly rather than through the library. */
    private static Set<String> keys(String pattern) {
        return Set.copyOf(redis.client().keys(pattern));
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
        Browser browser = browser();
        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            servedBy.add(Browser.servedBy(browser.get("/")));
        }
        assertEquals(NODES, Set.copyOf(servedBy), "served by " + servedBy);
        for (int i = 1; i < servedBy.size(); i++) {
            assertNotEquals(servedBy.get(i - 1), servedBy.get(i), "served by " + servedBy);
        }
    }

    @Test
    void loginOnOneNodeIsSeenByTheOther() throws Exception {
        Browser browser = browser();
        HttpResponse<String> login = browser.post("/login", Map.of("user", "alice"));
        assertEquals(302, login.statusCode());
        assertEquals("/", login.headers().firstValue("Location").orElseThrow(), "relative, so it leads back through the balancer");

        HttpResponse<String> home = browser.follow(login);
        assertEquals(200, home.statusCode());
        assertNotEquals(Browser.servedBy(login), Browser.servedBy(home));
        assertTrue(home.body().contains("<strong id=\"user\">alice</strong>"), home.body());

        Map<String, Object> session = browser.session();
        assertEquals("alice", session.get("user"));
        assertEquals(Browser.servedBy(login), session.get("node"), "the third request is back on the first node");
    }

    @Test
    void loginChangesTheSessionIdAndTheOldIdNoLongerWorks() throws Exception {
        Browser browser = browser();
        assertEquals(200, browser.post("/api/counter?name=visits").statusCode());
        Map<String, String> beforeLogin = browser.cookies();
        String oldId = (String) browser.session().get("sessionId");
        assertNotNull(oldId);

        assertEquals(302, browser.post("/login", Map.of("user", "bob")).statusCode());
        Map<String, Object> afterLogin = browser.session();
        String newId = (String) afterLogin.get("sessionId");
        assertNotNull(newId);
        assertNotEquals(oldId, newId);
        assertEquals("bob", afterLogin.get("user"));
        assertNotEquals(beforeLogin, browser.cookies(), "login sends the new id in a cookie");

        Browser attacker = browser();
        attacker.replaceCookies(beforeLogin);
        for (int i = 0; i < 2; i++) {
            Map<String, Object> withOldId = attacker.session();
            assertNull(withOldId.get("sessionId"), "old id on " + withOldId.get("node"));
            assertNull(withOldId.get("user"));
        }
        assertEquals(Set.of(), keys("*" + oldId + "*"), "nothing is stored under the old id");
        assertFalse(keys("*" + newId + "*").isEmpty(), "the session is stored under the new id");
    }

    @Test
    void sessionsAreStoredInTheShopNamespaceAndExpire() throws Exception {
        Browser browser = browser();
        browser.post("/api/counter?name=ttl");
        String id = (String) browser.session().get("sessionId");
        Set<String> sessionKeys = keys("*" + id + "*");
        assertFalse(sessionKeys.isEmpty());
        for (String key : sessionKeys) {
            assertTrue(key.startsWith(ShopNode.SESSION_NAMESPACE), key);
            long ttl = redis.client().ttlMillis(key);
            assertTrue(ttl > 25 * 60_000 && ttl <= 30 * 60_000, key + " expires in " + ttl + " ms, the 30-minute default");
        }
    }

    @Test
    void cartItemsAddedOnEitherNodeAreAllThere() throws Exception {
        Browser browser = browser();
        Set<String> servedBy = new HashSet<>();
        for (String item : List.of("apples", "bread", "cheese", "dates")) {
            HttpResponse<String> add = browser.post("/cart", Map.of("item", item));
            assertEquals(302, add.statusCode(), add.body());
            servedBy.add(Browser.servedBy(add));
        }
        assertEquals(NODES, servedBy);
        for (int i = 0; i < 2; i++) {
            assertEquals(List.of("apples", "bread", "cheese", "dates"), browser.session().get("cart"));
        }
    }

    @Test
    void logoutOnOneNodeEndsTheSessionOnTheOther() throws Exception {
        Browser browser = browser();
        browser.post("/login", Map.of("user", "carol"));
        browser.post("/cart", Map.of("item", "eggs"));
        Map<String, String> loggedIn = browser.cookies();
        Map<String, Object> before = browser.session();
        assertEquals("carol", before.get("user"));

        HttpResponse<String> logout = browser.post("/logout");
        assertEquals(302, logout.statusCode());

        // Replay the logged-in cookie, as a second tab (or a stale copy) would: the session must be gone everywhere.
        browser.replaceCookies(loggedIn);
        HttpResponse<String> next = browser.get("/api/session");
        assertNotEquals(Browser.servedBy(logout), Browser.servedBy(next));
        Map<String, Object> after = Browser.json(next);
        assertAll(
                () -> assertNull(after.get("sessionId")),
                () -> assertNull(after.get("user")),
                () -> assertEquals(List.of(), after.get("cart")));
        assertEquals(Set.of(), keys("*" + before.get("sessionId") + "*"));
    }

    @Test
    void lookingWithoutACookieCreatesNoSession() throws Exception {
        Set<String> keysBefore = keys(ShopNode.SESSION_NAMESPACE + "*");
        Browser browser = browser();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> api = browser.get("/api/session");
            assertEquals(List.of(), api.headers().allValues("Set-Cookie"));
            Map<String, Object> session = Browser.json(api);
            assertNull(session.get("sessionId"));
            assertEquals(Boolean.FALSE, session.get("isNew"));
            assertNull(session.get("user"));
            assertEquals(List.of(), session.get("cart"));

            HttpResponse<String> home = browser.get("/");
            assertEquals(List.of(), home.headers().allValues("Set-Cookie"));
            assertTrue(home.body().contains("No session yet"));
        }
        Set<String> newKeys = new HashSet<>(keys(ShopNode.SESSION_NAMESPACE + "*"));
        newKeys.removeAll(keysBefore);
        assertEquals(Set.of(), newKeys);
    }

    @Test
    void counterIncrementsAcrossNodes() throws Exception {
        Browser browser = browser();
        String previousNode = null;
        for (int expected = 1; expected <= 10; expected++) {
            HttpResponse<String> response = browser.post("/api/counter?name=clicks");
            Map<String, Object> counter = Browser.json(response);
            assertEquals("clicks", counter.get("name"));
            assertEquals(expected, counter.get("value"));
            assertEquals(Browser.servedBy(response), counter.get("node"));
            assertNotEquals(previousNode, counter.get("node"), "request " + expected);
            previousNode = (String) counter.get("node");
        }
        assertEquals(1, Browser.json(browser.post("/api/counter?name=other")).get("value"), "counters are separate");
    }

    @Test
    void counterKeepsCountingUnderParallelLoad() throws Exception {
        int clients = 8;
        int posts = 20;
        Browser owner = browser();
        owner.post("/api/counter?name=warm");
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String name = "parallel-" + c;
                results.add(pool.submit(() -> {
                    // All clients share one session, each with its own counter, through the balancer.
                    Browser browser = browser();
                    browser.replaceCookies(owner.cookies());
                    List<String> failures = new ArrayList<>();
                    for (int i = 0; i < posts; i++) {
                        HttpResponse<String> response = browser.post("/api/counter?name=" + name);
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + ": " + response.body());
                        }
                    }
                    return failures;
                }));
            }
            for (Future<List<String>> result : results) {
                assertEquals(List.of(), result.get(), "every request succeeds");
            }
        } finally {
            pool.shutdownNow();
        }
        for (int c = 0; c < clients; c++) {
            assertEquals(posts + 1, Browser.json(owner.post("/api/counter?name=parallel-" + c)).get("value"),
                    "no increment of counter parallel-" + c + " was lost");
        }
    }

    @Test
    void aSessionIsNoLongerNewOnceTheClientSendsItBack() throws Exception {
        Browser browser = browser();
        browser.post("/api/counter?name=n");
        Map<String, Object> session = browser.session();
        assertNotNull(session.get("sessionId"));
        assertEquals(Boolean.FALSE, session.get("isNew"));
    }

    @Test
    void badInputGetsA400WithAClearMessage() throws Exception {
        String longUser = "u".repeat(65);
        String longItem = "i".repeat(101);
        Map<String, String> expectations = new LinkedHashMap<>();
        expectations.put("/login|", "missing form field \"user\"");
        expectations.put("/login|user=   ", "form field \"user\" is blank");
        expectations.put("/login|user=" + longUser, "form field \"user\" is longer than 64 characters");
        expectations.put("/login|user=a\u0007b", "form field \"user\" contains control characters");
        expectations.put("/cart|", "missing form field \"item\"");
        expectations.put("/cart|item=", "form field \"item\" is blank");
        expectations.put("/cart|item=" + longItem, "form field \"item\" is longer than 100 characters");
        expectations.put("/api/counter|", "missing parameter \"name\"");
        expectations.put("/api/counter?name=a%20b|", "parameter \"name\" must be 1 to 64 characters from [A-Za-z0-9_.-]");
        expectations.put("/api/counter?name=" + "n".repeat(65) + "|", "parameter \"name\" must be 1 to 64 characters");
        expectations.put("/api/counter?name=cart|", "\"cart\" is the shop's own attribute");

        Browser browser = browser();
        for (Map.Entry<String, String> expectation : expectations.entrySet()) {
            String[] request = expectation.getKey().split("\\|", 2);
            Map<String, String> form = request[1].isEmpty()
                    ? Map.of()
                    : Map.of(request[1].substring(0, request[1].indexOf('=')), request[1].substring(request[1].indexOf('=') + 1));
            HttpResponse<String> response = browser.post(request[0], form);
            assertAll(expectation.getKey(),
                    () -> assertEquals(400, response.statusCode()),
                    () -> assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")),
                    () -> assertTrue(response.body().contains(expectation.getValue()), response.body()),
                    () -> assertTrue(NODES.contains(Browser.servedBy(response))));
        }
        assertEquals(Map.of(), browser.cookies(), "refused input starts no session");
    }

    @Test
    void wrongMethodGets405() throws Exception {
        Browser browser = browser();
        for (String request : List.of("GET /login", "GET /logout", "GET /cart", "POST /api/session", "GET /api/counter",
                "PUT /", "DELETE /api/session")) {
            String[] parts = request.split(" ");
            HttpResponse<String> response = browser.send(parts[0], parts[1]);
            assertEquals(405, response.statusCode(), request);
            assertTrue(NODES.contains(Browser.servedBy(response)), request);
        }
    }

    @Test
    void unknownPathsAre404AndStillSayWhichNodeAnswered() throws Exception {
        HttpResponse<String> response = browser().get("/no-such-page");
        assertEquals(404, response.statusCode());
        assertTrue(NODES.contains(Browser.servedBy(response)));
    }

    @Test
    void userInputIsEscapedInThePage() throws Exception {
        Browser browser = browser();
        browser.post("/login", Map.of("user", "<script>alert('x')</script>"));
        browser.post("/cart", Map.of("item", "tea & \"milk\" <b>"));
        String page = browser.get("/").body();
        assertFalse(page.contains("<script>alert"), page);
        assertFalse(page.contains("<b>"), page);
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), page);
        assertTrue(page.contains("tea &amp; &quot;milk&quot; &lt;b&gt;"), page);
    }

    @Test
    void nonAsciiInputSurvivesTheTripThroughRedis() throws Exception {
        Browser browser = browser();
        browser.post("/login", Map.of("user", "Zoë 東京"));
        browser.post("/cart", Map.of("item", "crème brûlée"));
        for (int i = 0; i < 2; i++) {
            Map<String, Object> session = browser.session();
            assertEquals("Zoë 東京", session.get("user"));
            assertEquals(List.of("crème brûlée"), session.get("cart"));
        }
        assertTrue(browser.get("/").body().contains("Zoë 東京"));
    }
}
