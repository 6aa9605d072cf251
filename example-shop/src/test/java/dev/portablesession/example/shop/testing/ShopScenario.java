package dev.portablesession.example.shop.testing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.example.shop.ShopServlets;
import dev.portablesession.testing.Browser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The shop's black-box scenario: several nodes sharing one Redis, reached in turn the way a round-robin balancer
 * sends requests, so consecutive requests of one browser land on different servers and the session has to survive
 * every hop. Only HTTP and a look into Redis: the same tests prove the shop on any container.
 *
 * <p>A subclass starts the nodes (in a {@code @BeforeAll}, stopping them in an {@code @AfterAll}) and returns them
 * from {@link #shop()}. The nodes run the shop with the session namespace {@value ShopServlets#SESSION_NAMESPACE}
 * and the default 30-minute timeout, and no test may run in parallel with these, since the alternation is
 * asserted.
 */
public abstract class ShopScenario {

    /** The running shop; called by every test. */
    protected abstract ShopUnderTest shop();

    private Browser browser() {
        return shop().browser();
    }

    private Set<String> nodes() {
        return shop().nodeNames();
    }

    /** Session keys in Redis, looked up directly rather than through the library. */
    private Set<String> keys(String pattern) {
        return Set.copyOf(shop().redis().client().keys(pattern));
    }

    @Test
    void loginOnOneNodeIsSeenByTheOther() throws Exception {
        Browser browser = browser();
        Browser.Response login = browser.post("/login", Map.of("user", "alice"));
        assertEquals(302, login.status());
        assertEquals("/", browser.pathInApplication(login), "redirected to the home page");

        Browser.Response home = browser.follow(login);
        assertEquals(200, home.status());
        assertNotEquals(login.servedBy(), home.servedBy());
        assertTrue(home.body().contains("<strong id=\"user\">alice</strong>"), home.body());

        Browser.Response api = browser.get("/api/session");
        Map<String, Object> session = ShopApi.json(api);
        assertEquals("alice", session.get("user"));
        assertNotEquals(home.servedBy(), session.get("node"));
    }

    @Test
    void loginChangesTheSessionIdAndTheOldIdNoLongerWorks() throws Exception {
        Browser browser = browser();
        assertEquals(200, browser.post("/api/counter?name=visits").status());
        Map<String, String> beforeLogin = browser.cookies();
        String oldId = (String) ShopApi.session(browser).get("sessionId");
        assertNotNull(oldId);

        assertEquals(302, browser.post("/login", Map.of("user", "bob")).status());
        Map<String, Object> afterLogin = ShopApi.session(browser);
        String newId = (String) afterLogin.get("sessionId");
        assertNotNull(newId);
        assertNotEquals(oldId, newId);
        assertEquals("bob", afterLogin.get("user"));
        assertNotEquals(beforeLogin, browser.cookies(), "login sends the new id in a cookie");

        Browser attacker = browser();
        attacker.replaceCookies(beforeLogin);
        for (int i = 0; i < nodes().size(); i++) {
            Map<String, Object> withOldId = ShopApi.session(attacker);
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
        String id = (String) ShopApi.session(browser).get("sessionId");
        Set<String> sessionKeys = keys("*" + id + "*");
        assertFalse(sessionKeys.isEmpty());
        for (String key : sessionKeys) {
            assertTrue(key.startsWith(ShopServlets.SESSION_NAMESPACE + ":"), key);
            long ttl = shop().redis().client().ttlMillis(key);
            assertTrue(ttl > 25 * 60_000 && ttl <= 30 * 60_000, key + " expires in " + ttl + " ms, the 30-minute default");
        }
    }

    @Test
    void cartItemsAddedOnEitherNodeAreAllThere() throws Exception {
        Browser browser = browser();
        List<String> items = IntStream.rangeClosed(1, Math.max(4, 2 * nodes().size())).mapToObj(i -> "item " + i).toList();
        Set<String> servedBy = new HashSet<>();
        for (String item : items) {
            Browser.Response add = browser.post("/cart", Map.of("item", item));
            assertEquals(302, add.status(), add.body());
            servedBy.add(add.servedBy());
        }
        assertEquals(nodes(), servedBy);
        for (int i = 0; i < nodes().size(); i++) {
            assertEquals(items, ShopApi.session(browser).get("cart"));
        }
    }

    @Test
    void theOnlyCookieIsTheFiltersScopedToTheApplication() throws Exception {
        Browser browser = browser();
        Browser.Response created = browser.post("/api/counter?name=cookie");
        List<String> setCookies = created.headers().allValues("Set-Cookie");
        assertEquals(1, setCookies.size(), "only the filter's cookie, no container session: " + setCookies);
        String root = browser.applicationPath();
        String path = root.equals("/") ? "/" : root.substring(0, root.length() - 1);
        List<String> attributes = List.of(setCookies.get(0).split("; "));
        assertAll(setCookies.get(0),
                () -> assertTrue(attributes.get(0).startsWith("SESSION=")),
                () -> assertTrue(attributes.contains("Path=" + path), "the context path"),
                () -> assertTrue(attributes.contains("HttpOnly")),
                () -> assertTrue(attributes.contains("SameSite=Lax")),
                () -> assertFalse(attributes.contains("Secure"), "plain HTTP"));
    }

    @Test
    void logoutOnOneNodeEndsTheSessionOnTheOther() throws Exception {
        Browser browser = browser();
        browser.post("/login", Map.of("user", "carol"));
        browser.post("/cart", Map.of("item", "eggs"));
        Map<String, String> loggedIn = browser.cookies();
        Map<String, Object> before = ShopApi.session(browser);
        assertEquals("carol", before.get("user"));

        Browser.Response logout = browser.post("/logout");
        assertEquals(302, logout.status());

        // Replay the logged-in cookie, as a second tab (or a stale copy) would: the session must be gone everywhere.
        browser.replaceCookies(loggedIn);
        Browser.Response next = browser.get("/api/session");
        assertNotEquals(logout.servedBy(), next.servedBy());
        Map<String, Object> after = ShopApi.json(next);
        assertAll(
                () -> assertNull(after.get("sessionId")),
                () -> assertNull(after.get("user")),
                () -> assertEquals(List.of(), after.get("cart")));
        assertEquals(Set.of(), keys("*" + before.get("sessionId") + "*"));
    }

    @Test
    void lookingWithoutACookieCreatesNoSession() throws Exception {
        Set<String> keysBefore = keys(ShopServlets.SESSION_NAMESPACE + ":*");
        Browser browser = browser();
        for (int i = 0; i < nodes().size(); i++) {
            Browser.Response api = browser.get("/api/session");
            assertEquals(List.of(), api.headers().allValues("Set-Cookie"));
            Map<String, Object> session = ShopApi.json(api);
            assertNull(session.get("sessionId"));
            assertEquals(Boolean.FALSE, session.get("isNew"));
            assertNull(session.get("user"));
            assertEquals(List.of(), session.get("cart"));

            Browser.Response home = browser.get("/");
            assertEquals(List.of(), home.headers().allValues("Set-Cookie"));
            assertTrue(home.body().contains("No session yet"));
        }
        Set<String> newKeys = new HashSet<>(keys(ShopServlets.SESSION_NAMESPACE + ":*"));
        newKeys.removeAll(keysBefore);
        assertEquals(Set.of(), newKeys);
    }

    @Test
    void counterIncrementsAcrossNodes() throws Exception {
        Browser browser = browser();
        String previousNode = null;
        for (int expected = 1; expected <= 10; expected++) {
            Browser.Response response = browser.post("/api/counter?name=clicks");
            Map<String, Object> counter = ShopApi.json(response);
            assertEquals("clicks", counter.get("name"));
            assertEquals(expected, counter.get("value"));
            assertEquals(response.servedBy(), counter.get("node"));
            assertNotEquals(previousNode, counter.get("node"), "request " + expected);
            previousNode = (String) counter.get("node");
        }
        assertEquals(1, ShopApi.json(browser.post("/api/counter?name=other")).get("value"), "counters are separate");
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
                        Browser.Response response = browser.post("/api/counter?name=" + name);
                        if (response.status() != 200) {
                            failures.add(response.status() + ": " + response.body());
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
            assertEquals(posts + 1, ShopApi.json(owner.post("/api/counter?name=parallel-" + c)).get("value"),
                    "no increment of counter parallel-" + c + " was lost");
        }
    }

    @Test
    void aSessionIsNoLongerNewOnceTheClientSendsItBack() throws Exception {
        Browser browser = browser();
        browser.post("/api/counter?name=n");
        Map<String, Object> session = ShopApi.session(browser);
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
            Browser.Response response = browser.post(request[0], form);
            assertAll(expectation.getKey(),
                    () -> assertEquals(400, response.status()),
                    () -> assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")),
                    () -> assertTrue(response.body().contains(expectation.getValue()), response.body()),
                    () -> assertTrue(nodes().contains(response.servedBy())));
        }
        assertEquals(Map.of(), browser.cookies(), "refused input starts no session");
    }

    @Test
    void wrongMethodGets405() throws Exception {
        Browser browser = browser();
        for (String request : List.of("GET /login", "GET /logout", "GET /cart", "POST /api/session", "GET /api/counter",
                "PUT /", "DELETE /api/session")) {
            String[] parts = request.split(" ");
            Browser.Response response = browser.send(parts[0], parts[1]);
            assertEquals(405, response.status(), request);
            assertTrue(nodes().contains(response.servedBy()), request);
        }
    }

    @Test
    void unknownPathsAre404AndStillSayWhichNodeAnswered() throws Exception {
        Browser.Response response = browser().get("/no-such-page");
        assertEquals(404, response.status());
        assertTrue(nodes().contains(response.servedBy()));
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
        for (int i = 0; i < nodes().size(); i++) {
            Map<String, Object> session = ShopApi.session(browser);
            assertEquals("Zoë 東京", session.get("user"));
            assertEquals(List.of("crème brûlée"), session.get("cart"));
        }
        assertTrue(browser.get("/").body().contains("Zoë 東京"));
    }
}
