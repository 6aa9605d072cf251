package dev.portablesession.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.CookieSecure;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.SameSite;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scenarios every container must pass: two servers of the container share one Redis, and a
 * browser alternates between them, so every step lands on the other server than the step before.
 * The filter is registered the portable way, {@code ServletContext.addFilter} from a listener,
 * with its settings partly from the builder and partly from context-params.
 *
 * <p>A container module runs it with a one-line subclass: {@code class TomcatScenariosIT extends
 * ScenarioSuite { TomcatScenariosIT() { super(new EmbeddedTomcat()); } }}.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScenarioSuite {

    private static final String NAMESPACE = "matrix";
    private static final String ID = "[A-Za-z0-9_-]{43}";

    private final ContainerUnderTest container;
    private RedisServer redis;
    private Node a;
    private Node b;
    private Browser browser;

    protected ScenarioSuite(ContainerUnderTest container) {
        this.container = container;
    }

    @BeforeAll
    void startTwoServers(RedisServer server) throws Exception {
        redis = server;
        a = container.start(listenerRegistration("a"));
        b = container.start(listenerRegistration("b"));
    }

    private Deployment listenerRegistration(String node) {
        return new Deployment.Embedded(Map.of(TestApp.NODE, node, TestApp.REGISTRATION, "listener",
                TestApp.REDIS_URL, redis.uri(), "portablesession.namespace", NAMESPACE), null, List.of());
    }

    @AfterAll
    void stopServers() throws Exception {
        a.close();
        b.close();
    }

    @BeforeEach
    void newBrowser() {
        browser = new Browser(a.root(), b.root());
    }

    @AfterEach
    void noContainerSessionWasCreated() {
        for (String header : browser.setCookieHeaders()) {
            assertFalse(header.toUpperCase(java.util.Locale.ROOT).startsWith("JSESSIONID="),
                    container.name() + " created a session of its own: " + header);
        }
    }

    @Test
    void sessionCreatedOnOneServerIsReadOnTheOther() {
        Browser.Response created = browser.get("/s?op=set&name=user&value=alice");
        assertEquals("a", created.servedBy());
        String id = browser.cookie();
        assertNotNull(id, "the first response sets the session cookie: " + created.setCookies());
        assertEquals("SESSION=" + id + "; Path=/app; HttpOnly; SameSite=Lax", created.sessionCookie(),
                "the filter's Set-Cookie header reaches the client as written");
        assertTrue(id.matches(ID), id);

        Browser.Response read = browser.get("/s?op=get&name=user");
        assertEquals("b", read.servedBy());
        assertEquals("alice", read.body());
        assertEquals(List.of(), read.setCookies(), "an existing session needs no new cookie");
        assertTrue(redis.client().exists(key(id)));
    }

    @Test
    void updatesAlternateBetweenServers() {
        for (int i = 1; i <= 4; i++) {
            assertEquals(Integer.toString(i), browser.get("/s?op=increment&name=count").body());
        }
        browser.get("/s?op=set&name=user&value=bob");
        browser.get("/s?op=set&name=user&value=carol");
        assertEquals("carol", browser.get("/s?op=get&name=user").body());
        assertEquals("4", browser.get("/s?op=get&name=count").body());
    }

    @Test
    void removedAttributeIsGoneOnBothServers() {
        browser.get("/s?op=set&name=a1&value=1");
        browser.get("/s?op=set&name=a2&value=2");
        browser.get("/s?op=remove&name=a1");
        assertTrue(browser.get("/s?op=info").body().endsWith(";names=a2"));
        assertEquals("null", browser.get("/s?op=get&name=a1").body());
        assertFalse(redis.client().hgetall(key(browser.cookie())).containsKey("a:a1"));
    }

    @Test
    void invalidatedSessionIsGoneOnTheOtherServer() {
        browser.get("/s?op=set&name=user&value=dan");
        String id = browser.cookie();
        Browser.Response invalidated = browser.get("/s?op=invalidate");
        assertEquals("invalidated", invalidated.body());
        assertEquals("SESSION=; Path=/app; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax",
                invalidated.sessionCookie());
        assertNull(browser.cookie());
        assertFalse(redis.client().exists(key(id)));

        browser.cookie(id);
        assertEquals("no-session", browser.get("/s?op=get&name=user").body());
    }

    @Test
    void changeSessionIdMovesTheSessionAndKillsTheOldId() {
        browser.get("/s?op=set&name=user&value=erin");
        String oldId = browser.cookie();
        Browser.Response changed = browser.get("/s?op=changeId");
        String newId = browser.cookie();
        assertNotEquals(oldId, newId);
        assertEquals(oldId + "->" + newId + ";session=" + newId, changed.body());
        assertFalse(redis.client().exists(key(oldId)));

        assertEquals("erin", browser.get("/s?op=get&name=user").body());
        browser.cookie(oldId);
        assertEquals("no-session", browser.get("/s?op=get&name=user").body());
    }

    @Test
    void sessionExpiresAfterItsMaxInactiveInterval() throws InterruptedException {
        browser.get("/s?op=set&name=user&value=fay");
        browser.get("/s?op=maxInactive&value=1");
        long ttl = redis.client().ttlMillis(key(browser.cookie()));
        assertTrue(ttl > 0 && ttl <= 1000, "the Redis TTL follows the interval: " + ttl);
        Thread.sleep(2500);
        assertEquals("no-session", browser.get("/s?op=get&name=user").body());
    }

    @Test
    void defaultMaxInactiveIntervalIsTheContainersThirtyMinutes() {
        browser.get("/s?op=create");
        assertTrue(browser.get("/s?op=info").body().contains(";max=1800;"));
    }

    @Test
    void forwardAndIncludeShareTheRequestsSession() {
        browser.get("/s?op=set&name=user&value=gus");
        String id = browser.cookie();
        assertEquals("gus", browser.get("/forward?op=get&name=user").body());
        assertEquals("ok", browser.get("/forward?op=set&name=cart&value=apple").body());
        assertEquals("ok|included", browser.get("/include?op=set&name=role&value=admin").body());
        assertEquals(id, browser.cookie(), "no dispatch created a second session");
        assertEquals("apple", browser.get("/s?op=get&name=cart").body());
        assertEquals("admin", browser.get("/s?op=get&name=role").body());
    }

    @Test
    void asyncRequestCompletedOnAnotherThreadSavesTheSession() {
        assertEquals("async-done", browser.get("/async?name=user&value=hal").body());
        assertNotNull(browser.cookie());
        assertEquals("hal", browser.get("/s?op=get&name=user").body());
    }

    @Test
    void asyncDispatchBackToTheServletSeesTheSession() {
        assertEquals("dispatched:ivy", browser.get("/async-dispatch?name=user&value=ivy").body());
        assertEquals("ivy", browser.get("/s?op=get&name=user").body());
    }

    @Test
    void asyncDispatchToAnotherPathSeesTheSession() {
        assertEquals("jon", browser.get("/async-dispatch?path=/s&op=get&name=user&value=jon").body());
        assertEquals("jon", browser.get("/s?op=get&name=user").body());
    }

    @Test
    void errorPageAfterSendErrorSeesTheSession() {
        browser.get("/s?op=set&name=user&value=kim");
        Browser.Response error = browser.get("/fail?code=404&create");
        assertEquals(404, error.status());
        assertEquals("error-page status=404 id=" + browser.cookie() + " user=kim before-error=yes", error.body());
        assertEquals("yes", browser.get("/s?op=get&name=before-error").body());
    }

    @Test
    void errorPageAfterAnExceptionSeesTheSession() {
        browser.get("/s?op=set&name=user&value=lee");
        Browser.Response error = browser.get("/throw");
        assertEquals(500, error.status());
        assertEquals("error-page status=500 id=" + browser.cookie() + " user=lee before-error=yes", error.body());
        assertEquals("yes", browser.get("/s?op=get&name=before-error").body());
    }

    @Test
    void errorPageOfTheContainersOwnNotFoundSeesTheSession() {
        browser.get("/s?op=set&name=user&value=mia");
        Browser.Response error = browser.get("/no-such-path");
        assertEquals(404, error.status());
        assertEquals("error-page status=404 id=" + browser.cookie() + " user=mia before-error=null", error.body());
    }

    @Test
    void errorPageCanCreateTheSession() {
        Browser.Response error = browser.get("/no-such-path?then=create");
        assertEquals(404, error.status());
        assertNotNull(browser.cookie(), "the error page's new session reaches the client: " + error.setCookies());
        assertEquals("error-page", browser.get("/s?op=get&name=created-by").body());
    }

    @Test
    void cookieChangedTwiceInOneResponseIsSentOnceAndLeavesTheApplicationsCookiesAlone() {
        // The session is created and its cookie set before the error page runs; the page then changes the id.
        Browser.Response error = browser.get("/fail?code=403&create&cookie&then=changeId");
        assertEquals(403, error.status());
        String finalId = error.body().replaceAll(".* id=(\\S+) .*", "$1");
        assertTrue(finalId.matches(ID), error.body());
        assertEquals(finalId, browser.cookie(), "the one session cookie carries the last id: " + error.setCookies());
        assertEquals(1, error.setCookies().stream().filter(h -> h.startsWith("theme=")).count(),
                "the application's cookie survives, once: " + error.setCookies());
        assertEquals("yes", browser.get("/s?op=get&name=before-error").body());
    }

    @Test
    void cookieSetThenExpiredInOneResponseEndsExpired() {
        Browser.Response error = browser.get("/fail?code=403&create&cookie&then=invalidate");
        assertEquals(403, error.status());
        String cookie = error.sessionCookie();
        assertTrue(cookie == null || cookie.contains("; Max-Age=0;"), "no live session cookie for a dead session: " + cookie);
        assertNull(browser.cookie());
        assertEquals(1, error.setCookies().stream().filter(h -> h.startsWith("theme=")).count(), error.setCookies().toString());
    }

    @Test
    void loginThatRedirectsIsReadableOnTheOtherServerBeforeTheFirstRequestEnds() throws Exception {
        String hold = UUID.randomUUID().toString();
        CompletableFuture<HttpResponse<InputStream>> login = browser.open("/login?user=nia&hold=" + hold);
        try {
            String id = Holds.awaitHeld(hold);
            Browser other = new Browser(b.root());
            other.cookie(id);
            assertEquals("nia", other.get("/s?op=get&name=user").body());
            assertTrue(Holds.isHeld(hold), "server a is still inside the login request");
        } finally {
            Holds.release(hold);
        }
        HttpResponse<InputStream> response = login.get(30, TimeUnit.SECONDS);
        response.body().close();
        assertEquals(302, response.statusCode());
        assertTrue(response.headers().firstValue("Location").orElseThrow().endsWith("/app/s?op=get&name=user"));
        assertNotNull(browser.cookie());
    }

    @Test
    void flushedResponseCarriesTheCookieOfASessionAlreadySaved() throws Exception {
        assertSavedBeforeTheResponseCommits("/flush?name=user&value=otto", "otto");
    }

    @Test
    void responseLargerThanTheBufferCarriesTheCookieOfASessionAlreadySaved() throws Exception {
        assertSavedBeforeTheResponseCommits("/stream?name=user&value=pia&bytes=200000", "pia");
    }

    private void assertSavedBeforeTheResponseCommits(String path, String expected) throws Exception {
        String hold = UUID.randomUUID().toString();
        CompletableFuture<HttpResponse<InputStream>> request = browser.open(path + "&hold=" + hold);
        try {
            // The hold is released only in finally: headers that arrive now came while the servlet ran.
            request.get(20, TimeUnit.SECONDS);
            assertNotNull(browser.cookie(), "the committed headers carry the new session's cookie");
            assertEquals(expected, browser.get("/s?op=get&name=user").body());
        } catch (TimeoutException e) {
            throw new AssertionError(container.name() + " did not send the committed headers while the servlet ran");
        } finally {
            Holds.release(hold);
        }
        try (InputStream body = request.get(30, TimeUnit.SECONDS).body()) {
            body.readAllBytes();
        }
    }

    @Test
    void theApplicationsOwnFilterSeesTheRedisSession() {
        assertEquals("a", browser.get("/s?op=set&name=user&value=rosa").servedBy());
        Browser.Response read = browser.get("/s?op=get&name=user");
        assertEquals("b", read.servedBy());
        assertEquals("rosa", read.body());
        assertEquals(browser.cookie(), read.header(FirstInChainProbe.HEADER),
                "on the other server, the application's filter sees the session of the filter's cookie");
    }

    @Test
    void requestedSessionIdMethodsDescribeTheCookie() {
        assertEquals("id=null;valid=false;cookie=false;url=false", browser.get("/s?op=requested").body());
        browser.get("/s?op=create");
        String id = browser.cookie();
        assertEquals("id=" + id + ";valid=true;cookie=true;url=false", browser.get("/s?op=requested").body());
    }

    @Test
    void sessionCookieIsFoundAmongOtherCookies() {
        browser.get("/s?op=set&name=user&value=quinn");
        String id = browser.cookie();
        assertEquals("quinn", browser.getWithCookieHeader("/s?op=get&name=user", "theme=dark; SESSION=" + id + "; lang=en").body());
        assertEquals("quinn", browser.getWithCookieHeader("/s?op=get&name=user", "SESSION=../../etc; SESSION=" + id).body(),
                "a malformed cookie of the same name does not hide the real one");
        assertEquals("quinn", browser.getWithCookieHeader("/s?op=get&name=user", "SESSION=" + id + "; SESSION=../../etc").body());
        assertEquals("quinn", browser.getWithCookieHeader("/s?op=get&name=user", "SESSION=\"" + id + "\"").body(),
                "RFC 6265 allows a quoted value");
        assertEquals("no-session", browser.getWithCookieHeader("/s?op=get&name=user", "XSESSION=" + id).body());
    }

    @Test
    void sessionCookieOfThisPathWinsOverOneOfAWiderPath() {
        browser.get("/s?op=set&name=user&value=ray");
        String id = browser.cookie();
        // Another application on the host with cookie.path=/: browsers send the more specific path first.
        String other = "A".repeat(43);
        assertEquals("ray", browser.getWithCookieHeader("/s?op=get&name=user", "SESSION=" + id + "; SESSION=" + other).body());
    }

    @Test
    void cookieAttributesFollowTheSettings() throws Exception {
        RedisSessionFilter filter = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(NAMESPACE)
                .cookieSameSite(SameSite.STRICT).cookieSecure(CookieSecure.ALWAYS).cookieHttpOnly(false).cookieMaxAge(Duration.ofMinutes(10)).build();
        try (Node strict = container.start(new Deployment.Embedded(Map.of(TestApp.NODE, "strict"), filter, List.of()))) {
            Browser.Response created = new Browser(strict.root()).get("/s?op=create");
            String cookie = created.sessionCookie();
            assertNotNull(cookie, created.setCookies().toString());
            assertTrue(cookie.matches("SESSION=" + ID + "; Path=/app; Max-Age=600; Expires=[^;]+ GMT; Secure; SameSite=Strict"),
                    "natively registered, Secure, SameSite=Strict, no HttpOnly: " + cookie);
        }
    }

    private static String key(String id) {
        return RedisSessionStore.key(NAMESPACE, id);
    }
}
