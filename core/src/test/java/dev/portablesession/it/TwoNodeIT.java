package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Jetty servers share one Redis; each test drives them alternately, as a round-robin load
 * balancer would, so every step lands on the other server than the step before.
 */
@ExtendWith(RedisExtension.class)
class TwoNodeIT {

    private static final String NAMESPACE = "it-two-node";
    private static RedisServer redis;
    private static JettyNode a;
    private static JettyNode b;
    private Browser browser;

    @BeforeAll
    static void startNodes(RedisServer server) {
        redis = server;
        a = JettyNode.start("a", filter());
        b = JettyNode.start("b", filter());
    }

    private static RedisSessionFilter filter() {
        return RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(NAMESPACE).build();
    }

    @AfterAll
    static void stopNodes() {
        a.close();
        b.close();
    }

    @BeforeEach
    void newBrowser() {
        browser = new Browser(a.root(), b.root());
    }

    @Test
    void attributeSetOnOneServerIsReadOnTheOther() {
        Browser.Response login = browser.get("/s?op=set&name=user&value=alice");
        assertEquals("a", login.servedBy());
        assertNotNull(browser.cookie(), "the first response sets the session cookie");

        Browser.Response read = browser.get("/s?op=get&name=user");
        assertEquals("b", read.servedBy());
        assertEquals("alice", read.body());
        assertTrue(read.setCookies().isEmpty(), "an existing session needs no new cookie: " + read.setCookies());
    }

    @Test
    void sessionMetadataIsSharedAndNewOnlyOnCreation() throws InterruptedException {
        browser.get("/s?op=maxInactive&value=600");
        // Requests a millisecond apart could share an access time; the clock must move between them.
        Thread.sleep(20);
        String first = browser.get("/s?op=info").body();
        assertTrue(first.contains(";new=false;"), first);
        assertTrue(first.contains(";max=600;"), "max inactive interval set on a is seen on b: " + first);
        long created = field(first, "created");
        Thread.sleep(20);
        String second = browser.get("/s?op=info").body();
        assertEquals(created, field(second, "created"));
        assertTrue(field(second, "accessed") > field(first, "accessed"),
                "last accessed time is the previous request's: " + first + " / " + second);

        Browser fresh = new Browser(a.root(), b.root());
        String created1 = fresh.get("/s?op=create").body();
        assertTrue(created1.endsWith(";new=true"), created1);
        assertEquals(fresh.cookie() + ";new=false", fresh.get("/s?op=create").body());
    }

    @Test
    void invalidateOnOneServerIsGoneOnTheOther() {
        browser.get("/s?op=set&name=user&value=bob");
        String key = key(browser.cookie());
        assertTrue(redis.client().exists(key));

        Browser.Response invalidated = browser.get("/s?op=invalidate");
        assertEquals("b", invalidated.servedBy());
        assertEquals("invalidated", invalidated.body());
        assertFalse(redis.client().exists(key), "the session is deleted from Redis");
        assertNull(browser.cookie(), "the cookie is expired: " + invalidated.setCookies());

        browser.cookie(key.substring(key.indexOf('{') + 1, key.length() - 1));
        assertEquals("no-session", browser.get("/s?op=get&name=user").body());
    }

    @Test
    void aSessionIsUnusableAfterInvalidate() {
        assertEquals("IllegalStateException", browser.get("/s?op=invalidate-then-use").body());
    }

    @Test
    void sessionExpiresAfterItsMaxInactiveInterval() throws InterruptedException {
        browser.get("/s?op=set&name=user&value=carol");
        browser.get("/s?op=maxInactive&value=1");
        String key = key(browser.cookie());
        long ttl = redis.client().ttlMillis(key);
        assertTrue(ttl > 0 && ttl <= 1000, "Redis TTL follows the interval: " + ttl);

        assertEquals("carol", browser.get("/s?op=get&name=user").body(), "still there within the interval");
        Thread.sleep(1600);
        assertEquals("no-session", browser.get("/s?op=get&name=user").body());
        assertFalse(redis.client().exists(key));
    }

    @Test
    void nonPositiveIntervalNeverExpires() {
        browser.get("/s?op=set&name=user&value=dan");
        browser.get("/s?op=maxInactive&value=0");
        assertEquals(-1, redis.client().ttlMillis(key(browser.cookie())), "no TTL on the key");
        assertEquals("dan", browser.get("/s?op=get&name=user").body());
    }

    @Test
    void changeSessionIdKeepsAttributesAndKillsTheOldId() {
        browser.get("/s?op=set&name=user&value=erin");
        String oldId = browser.cookie();

        Browser.Response changed = browser.get("/s?op=changeId");
        String newId = browser.cookie();
        assertNotEquals(oldId, newId);
        assertTrue(changed.body().startsWith(oldId + "->" + newId + ";session=" + newId), changed.body());
        assertFalse(redis.client().exists(key(oldId)));
        assertTrue(redis.client().exists(key(newId)));

        assertEquals("erin", browser.get("/s?op=get&name=user").body());
        browser.cookie(oldId);
        assertEquals("no-session", browser.get("/s?op=get&name=user").body(), "the old id is dead");
    }

    @Test
    void loginThatRedirectsIsReadableOnTheOtherServerBeforeTheFirstRequestEnds() {
        long start = System.nanoTime();
        Browser.Response redirect = browser.get("/redirect?name=user&value=frank&sleep=3000");
        assertEquals(302, redirect.status());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2500,
                "the redirect arrives while the servlet still sleeps");
        Browser.Response next = browser.get(redirect.location());
        assertEquals("b", next.servedBy());
        assertEquals("frank", next.body());
    }

    @Test
    void sessionIsSavedBeforeALargeBodyCommitsTheResponse() throws Exception {
        HttpResponse<InputStream> streaming = browser.open("/stream?name=user&value=gina&bytes=200000&sleep=3000").join();
        try (InputStream body = streaming.body()) {
            assertEquals(200, streaming.statusCode());
            assertNotNull(browser.cookie(), "the cookie of a new session is in the committed headers");
            assertEquals("gina", browser.get("/s?op=get&name=user").body());
            assertEquals(200000, body.readAllBytes().length);
        }
    }

    @Test
    void sessionIsSavedBeforeAWriterOutgrowsTheBuffer() throws Exception {
        HttpResponse<InputStream> streaming = browser.open("/writer?name=user&value=hal&chars=100000&sleep=3000").join();
        try (InputStream body = streaming.body()) {
            assertNotNull(browser.cookie());
            assertEquals("hal", browser.get("/s?op=get&name=user").body());
            assertEquals(200000, body.readAllBytes().length, "100,000 two-byte characters");
        }
    }

    @Test
    void asyncRequestSavesBeforeItCompletes() {
        long start = System.nanoTime();
        Browser.Response async = browser.get("/async?name=user&value=ivy&sleep=3000");
        assertEquals("async-done", async.body());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2500);
        assertNotNull(browser.cookie());
        assertEquals("ivy", browser.get("/s?op=get&name=user").body());
    }

    @Test
    void forwardAndIncludeShareTheRequestsSession() {
        browser.get("/s?op=set&name=user&value=jack");
        String id = browser.cookie();
        assertEquals("jack", browser.get("/forward?op=get&name=user").body());
        assertEquals("ok", browser.get("/forward?op=set&name=cart&value=apple").body());
        assertEquals("ok|included", browser.get("/include?op=set&name=role&value=admin").body());
        assertEquals(id, browser.cookie(), "no new session was created by a dispatch");
        assertEquals("apple", browser.get("/s?op=get&name=cart").body());
        assertEquals("admin", browser.get("/s?op=get&name=role").body());
    }

    @Test
    void errorPageSeesTheSession() {
        browser.get("/s?op=set&name=user&value=kim");
        Browser.Response error = browser.get("/missing");
        assertEquals(404, error.status());
        assertEquals("error-page user=kim before-error=yes", error.body());
        assertEquals("yes", browser.get("/s?op=get&name=before-error").body());
    }

    @Test
    void requestedSessionIdMethods() {
        assertEquals("id=null;valid=false;cookie=false;url=false", browser.get("/s?op=requested").body());
        browser.get("/s?op=create");
        String id = browser.cookie();
        assertEquals("id=" + id + ";valid=true;cookie=true;url=false", browser.get("/s?op=requested").body());
        browser.get("/s?op=invalidate");
        browser.cookie(id);
        assertEquals("id=" + id + ";valid=false;cookie=true;url=false", browser.get("/s?op=requested").body());
    }

    @Test
    void malformedCookieIsTreatedAsAbsent() {
        browser.cookie("../../etc/passwd{x}");
        assertEquals("no-session", browser.get("/s?op=get&name=user").body());
        assertEquals("id=null;valid=false;cookie=false;url=false", browser.get("/s?op=requested").body());
        browser.get("/s?op=set&name=user&value=lee");
        assertNotEquals("../../etc/passwd{x}", browser.cookie());
        assertEquals("lee", browser.get("/s?op=get&name=user").body());
    }

    @Test
    void removeAttributeAndNullValueRemove() {
        browser.get("/s?op=set&name=a1&value=1");
        browser.get("/s?op=set&name=a2&value=2");
        browser.get("/s?op=remove&name=a1");
        String info = browser.get("/s?op=info").body();
        assertTrue(info.endsWith(";names=a2"), info);
        assertFalse(redis.client().hgetall(key(browser.cookie())).containsKey("a:a1"));
    }

    @Test
    void inPlaceChangeOfAListIsSaved() {
        browser.get("/s?op=append&name=cart&value=apple");
        browser.get("/s?op=append&name=cart&value=pear");
        browser.get("/s?op=append&name=cart&value=plum");
        assertEquals("[apple, pear, plum]", browser.get("/s?op=get&name=cart").body());
    }

    @Test
    void inPlaceChangeAfterAnIncludeIsSaved() {
        browser.get("/change-later?mode=include&value=apple");
        browser.get("/change-later?mode=include&value=pear");
        assertEquals("[apple, pear]", browser.get("/s?op=get&name=list").body());
    }

    @Test
    void inPlaceChangeAfterTheCommitIsSavedWhenTheValueIsTakenFromTheSessionAgain() {
        browser.get("/change-later?mode=again&value=apple");
        browser.get("/change-later?mode=again&value=pear");
        assertEquals("[apple, pear]", browser.get("/s?op=get&name=list").body());
    }

    @Test
    void inPlaceChangeAfterTheCommitThroughAnEarlierReferenceIsNotSaved() {
        // The documented limit (docs/consistency.md): the save at commit settles what the request was handed.
        browser.get("/change-later?mode=committed&value=apple");
        browser.get("/change-later?mode=committed&value=pear");
        assertEquals("[]", browser.get("/s?op=get&name=list").body());
    }

    @Test
    void oversizedAttributeIsRefusedAtSetAttributeAndNothingIsLost() {
        browser.get("/s?op=set&name=user&value=mia");
        Browser.Response refused = browser.get("/s?op=big&name=blob&value=2000000");
        assertEquals(400, refused.status());
        assertTrue(refused.body().contains("\"blob\"") && refused.body().contains("attribute.max-size"), refused.body());
        assertEquals("mia", browser.get("/s?op=get&name=user").body());
        assertEquals("null", browser.get("/s?op=get&name=blob").body());
    }

    @Test
    void unencodableAttributeFailsWithAMessageNamingItAndTheFix() {
        Browser.Response refused = browser.get("/s?op=unencodable&name=thing");
        assertEquals(400, refused.status());
        String message = refused.body();
        assertTrue(message.contains("\"thing\""), message);
        assertTrue(message.contains(TestServlets.NotAllowed.class.getName()), message);
        assertTrue(message.contains("codec.allow"), message);
        assertFalse(message.contains("secret-value"), "the value itself is never in a message: " + message);
    }

    @Test
    void undecodableAttributeIsDroppedAndTheRestOfTheSessionWorks() {
        browser.get("/s?op=set&name=user&value=ned");
        String key = key(browser.cookie());
        redis.client().command("HSET", key, "a:broken", "{\"@class\":\"com.example.Gone\",\"x\":1}");
        assertEquals("null", browser.get("/s?op=get&name=broken").body());
        assertEquals("ned", browser.get("/s?op=get&name=user").body());
        assertTrue(redis.client().hgetall(key).containsKey("a:broken"), "drop keeps the stored value");
        String info = browser.get("/s?op=info").body();
        assertTrue(info.contains("names=user") || info.contains("user"), info);
    }

    @Test
    void noContainerSessionIsEverCreated() {
        browser.get("/s?op=set&name=user&value=olga");
        browser.get("/s?op=changeId");
        browser.get("/forward?op=get&name=user");
        browser.get("/missing");
        browser.get("/async?name=x&value=y");
        browser.get("/s?op=invalidate");
        List<String> headers = browser.setCookieHeaders();
        assertFalse(headers.isEmpty());
        for (String header : headers) {
            assertTrue(header.startsWith("SESSION="), "only our cookie is set: " + header);
            assertTrue(header.contains("; HttpOnly") && header.contains("; SameSite=Lax") && header.contains("; Path=/"), header);
            assertFalse(header.contains("Secure"), "plain HTTP gets no Secure flag by default: " + header);
        }
    }

    private static String key(String id) {
        return RedisSessionStore.key(NAMESPACE, id);
    }

    private static long field(String info, String name) {
        for (String part : info.split(";")) {
            if (part.startsWith(name + "=")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + " in " + info);
    }
}
