package dev.portablesession.containers.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.containers.Node;
import dev.portablesession.containers.TestApp;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.jaspic.SharedFormLoginInitializer;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.CountingRedisProxy;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The container's FORM login, shared by portable-session-jaspic: two servers of the container on
 * one Redis, each with the session filter and the module's initializer, and a browser that
 * alternates between them, so each step lands on the other server than the step before. What the
 * container's own login loses across servers ({@link NativeFormLoginSuite}) holds here.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SharedFormLoginSuite {

    private final LoginContainerUnderTest container;
    /** Settings of the filter beyond the suite's own, as context-params: a lock mode. */
    private final Map<String, String> filterSettings;
    private RedisServer redis;
    /** Between both servers and Redis, counting what they send. */
    private CountingRedisProxy proxy;
    private Node a;
    private Node b;
    private Browser browser;

    protected SharedFormLoginSuite(LoginContainerUnderTest container) {
        this(container, Map.of());
    }

    /** @param filterSettings context-params for the filter, such as {@code portablesession.lock.mode} */
    protected SharedFormLoginSuite(LoginContainerUnderTest container, Map<String, String> filterSettings) {
        this.container = container;
        this.filterSettings = Map.copyOf(filterSettings);
    }

    /** Whether requests lock their session: a load then also takes the lock, and the request's end releases it. */
    private boolean exclusive() {
        return "exclusive".equals(filterSettings.get("portablesession.lock.mode"));
    }

    @BeforeAll
    void startTwoServers(RedisServer server) throws Exception {
        redis = server;
        proxy = CountingRedisProxy.start(server);
        a = container.start(deployment("a"));
        b = container.start(deployment("b"));
    }

    private LoginDeployment deployment(String node) {
        Map<String, String> params = new HashMap<>(filterSettings);
        params.putAll(Map.of(TestApp.NODE, node, TestApp.REDIS_URL, proxy.uri(),
                "portablesession.namespace", "login",
                // So that the test with Redis frozen waits half a second, not the default three.
                "portablesession.redis.timeout", "500ms",
                "portablesession.login.page", LoginDeployment.LOGIN_PAGE,
                "portablesession.login.error-page", LoginDeployment.ERROR_PAGE));
        return new LoginDeployment(params, List.of(new SharedFormLoginInitializer()));
    }

    @AfterAll
    void stopServers() throws Exception {
        a.close();
        b.close();
        proxy.close();
    }

    @BeforeEach
    void newBrowser() {
        browser = new Browser(a.root(), b.root());
    }

    @AfterEach
    void theContainerKeptNoSessionOfItsOwn() {
        for (String header : browser.setCookieHeaders()) {
            assertFalse(header.toUpperCase(Locale.ROOT).startsWith("JSESSIONID="),
                    container.name() + " created a session of its own: " + header);
        }
    }

    private Browser.Response postLogin(String user, String password) {
        return browser.post("/j_security_check", Map.of("j_username", user, "j_password", password));
    }

    @Test
    void loginOnOneServerIsTheCallerWithItsGroupOnTheOtherAtTheOriginalUrl() {
        Browser.Response challenge = browser.get("/secure/page?item=42"); // a
        assertEquals(302, challenge.status(), challenge.toString());
        assertEquals(LoginDeployment.LOGIN_PAGE, browser.pathInApplication(challenge));
        String beforeLogin = browser.cookie();
        assertNotNull(beforeLogin, "the original URL waits in a session: " + challenge.setCookies());

        Browser.Response form = browser.follow(challenge); // b
        assertEquals("b", form.servedBy());
        assertEquals("login-page", form.body());

        Browser.Response login = postLogin("alice", "wonderland"); // a
        assertEquals(302, login.status(), login.toString());
        assertEquals("/secure/page?item=42", browser.pathInApplication(login), "back to the original URL");
        assertNotEquals(beforeLogin, browser.cookie(), "the session id changes at the login");

        Browser.Response onB = browser.follow(login); // b
        assertEquals(200, onB.status(), onB.toString());
        assertEquals("b", onB.servedBy());
        assertEquals("/app/secure/page?item=42 user=alice staff=true auth=FORM", onB.body());
        Browser.Response onA = browser.get("/secure/page"); // a
        assertEquals("a", onA.servedBy());
        assertEquals("/app/secure/page user=alice staff=true auth=FORM", onA.body());
        assertTrue(redis.client().exists(RedisSessionStore.key("login", browser.cookie())), "the login lives in the session in Redis");
    }

    @Test
    void theIdTheClientHadBeforeTheLoginIsNotLoggedIn() {
        browser.get("/secure/page");
        String beforeLogin = browser.cookie();
        postLogin("alice", "wonderland");
        Browser planted = new Browser(b.root(), a.root());
        planted.cookie(beforeLogin);
        Browser.Response response = planted.get("/secure/page");
        assertEquals(302, response.status(), "an id known before the login names no session now: " + response);
        assertEquals(LoginDeployment.LOGIN_PAGE, planted.pathInApplication(response));
    }

    @Test
    void aWrongPasswordOrUnknownUserShowsTheErrorPageAndTheRightOneStillReturnsToTheOriginalUrl() {
        browser.get("/secure/page?item=7"); // a
        for (Map.Entry<String, String> wrong : Map.of("alice", "not-her-password", "mallory", "wonderland", "", "").entrySet()) {
            Browser.Response refused = postLogin(wrong.getKey(), wrong.getValue());
            assertEquals(302, refused.status(), wrong.getKey() + ": " + refused);
            assertEquals(LoginDeployment.ERROR_PAGE, browser.pathInApplication(refused));
            Browser.Response errorPage = browser.follow(refused);
            assertEquals(200, errorPage.status());
            assertEquals("error-page", errorPage.body());
        }
        Browser.Response stillOut = browser.get("/secure/page");
        assertEquals(302, stillOut.status(), stillOut.toString());

        Browser.Response login = postLogin("alice", "wonderland");
        assertEquals("/secure/page", browser.pathInApplication(login), "the last protected URL asked for");
        assertEquals("/app/secure/page user=alice staff=true auth=FORM", browser.follow(login).body());
    }

    @Test
    void logoutOnOneServerIsSeenOnTheOtherAndKeepsTheApplicationsAttributes() {
        browser.get("/secure/page"); // a
        browser.follow(postLogin("alice", "wonderland")); // b, then a
        assertEquals("ok", browser.get("/s?op=set&name=cart&value=apple").body()); // b

        Browser.Response logout = browser.get("/logout"); // a
        assertEquals("a", logout.servedBy());
        assertEquals("logged-out user=null", logout.body());

        Browser.Response onB = browser.get("/secure/page"); // b
        assertEquals(302, onB.status(), "logged out on b too: " + onB);
        assertEquals(LoginDeployment.LOGIN_PAGE, browser.pathInApplication(onB));
        assertEquals("public user=null", browser.get("/public").body()); // a
        assertEquals("apple", browser.get("/s?op=get&name=cart").body(), "request.logout() keeps the session"); // b
    }

    @Test
    void invalidatingTheSessionOnOneServerLogsOutOnTheOther() {
        browser.get("/secure/page");
        browser.follow(postLogin("alice", "wonderland"));
        Browser.Response logout = browser.get("/logout?invalidate");
        assertEquals("logged-out user=alice", logout.body(), "the caller stays for the rest of that request");
        Browser.Response other = browser.get("/secure/page");
        assertEquals(302, other.status(), other.toString());
        assertEquals(LoginDeployment.LOGIN_PAGE, browser.pathInApplication(other));
    }

    @Test
    void aCallerOutsideTheGroupIsLoggedInButRefusedOnEveryServer() {
        browser.get("/secure/page"); // a
        Browser.Response login = postLogin("bob", "builder"); // b
        assertEquals("/secure/page", browser.pathInApplication(login));
        assertEquals(403, browser.follow(login).status()); // a
        assertEquals(403, browser.get("/secure/page").status()); // b
        assertEquals("public user=bob", browser.get("/public").body()); // a
        assertEquals("public user=bob", browser.get("/public").body()); // b
    }

    @Test
    void requestAuthenticateRunsTheLoginDialogInsideTheApplicationAndThenKnowsTheCaller() {
        Browser.Response challenge = browser.get("/authenticate?from=app"); // a
        assertEquals(302, challenge.status(), challenge.toString());
        assertEquals(LoginDeployment.LOGIN_PAGE, browser.pathInApplication(challenge));
        Browser.Response login = postLogin("alice", "wonderland"); // b
        assertEquals("/authenticate?from=app", browser.pathInApplication(login));
        assertEquals("authenticated user=alice", browser.follow(login).body()); // a
        assertEquals("authenticated user=alice", browser.get("/authenticate").body()); // b
    }

    @Test
    void aLoginWithoutAnEarlierVisitGoesToTheApplicationsRoot() {
        Browser.Response login = postLogin("alice", "wonderland");
        assertEquals(302, login.status(), login.toString());
        assertEquals("/", browser.pathInApplication(login));
        assertEquals("public user=alice", browser.get("/public").body());
        assertEquals("public user=alice", browser.get("/public").body());
    }

    @Test
    void aLoggedInRequestLoadsItsSessionOnceForTheModuleAndTheApplicationTogether() {
        browser.follow(postLogin("alice", "wonderland"));
        assertEquals("ok", browser.get("/s?op=set&name=cart&value=apple").body());
        // With locks, the load takes the lock and the request's end releases it: one script more, as without the module.
        long unlock = exclusive() ? 1 : 0;
        assertEquals("apple", commandsOf(() -> browser.get("/s?op=get&name=cart")).body());
        assertEquals(1 + unlock, proxy.count(), "one load, read by the module and then by the application: " + proxy.commands());
        assertEquals("public user=alice", commandsOf(() -> browser.get("/public")).body());
        assertEquals(1 + unlock, proxy.count(), "one load, to know the caller: " + proxy.commands());
    }

    @Test
    void theChallengeAndTheLoginEachCostWhatTheirSessionChangesCost() {
        Browser.Response challenge = commandsOf(() -> browser.get("/secure/page"));
        assertEquals(302, challenge.status());
        Map<String, Long> challengeCommands = proxy.commands();
        Browser.Response login = commandsOf(() -> postLogin("alice", "wonderland"));
        assertEquals(302, login.status());
        Map<String, Long> loginCommands = proxy.commands();
        assertEquals(Map.of("EVALSHA", 1L), challengeCommands, "the new session with the saved URL, in one script");
        assertEquals(Map.of("EVALSHA", 3L), loginCommands, "the load, the id change and the save of the login");
    }

    @Test
    void redisNotAnsweringIsA503AndNotALoginPage() {
        browser.follow(postLogin("alice", "wonderland"));
        proxy.freeze();
        try {
            Browser.Response response = browser.get("/secure/page");
            assertEquals(503, response.status(), response.toString());
            assertEquals("5", response.header("Retry-After"));
        } finally {
            proxy.thaw();
        }
        Browser.Response after = browser.get("/secure/page");
        // With locks, the frozen request's lock script ran when Redis woke, after that request had
        // given up: the lock stays for its lease, as without the module, and the next holder waits it out.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (exclusive() && after.status() != 200 && System.nanoTime() < deadline) {
            after = browser.get("/secure/page");
        }
        assertEquals("/app/secure/page user=alice staff=true auth=FORM", after.body(),
                "the login is still there once Redis answers");
    }

    @Test
    void neitherPasswordsNorSessionIdsReachTheLibrarysLog() {
        List<String> ids = new ArrayList<>();
        List<String> messages;
        try (LibraryLog log = LibraryLog.capture()) {
            browser.get("/secure/page");
            ids.add(browser.cookie());
            postLogin("alice", "not-her-password");
            postLogin("mallory", "wonderland");
            browser.follow(postLogin("alice", "wonderland"));
            ids.add(browser.cookie());
            browser.get("/logout");
            messages = log.messages();
        }
        for (String message : messages) {
            assertFalse(message.contains("wonderland") || message.contains("not-her-password"), "a password in the log: " + message);
            ids.forEach(id -> assertFalse(message.contains(id), "a whole session id in the log: " + message));
        }
    }

    @Test
    void withoutTheFilterEveryRequestFailsAndTheLogSaysWhatToRegister() throws Exception {
        LoginDeployment forgotten = new LoginDeployment(Map.of(TestApp.NODE, "c", LoginApp.FILTER, "none",
                "portablesession.login.page", LoginDeployment.LOGIN_PAGE,
                "portablesession.login.error-page", LoginDeployment.ERROR_PAGE),
                List.of(new SharedFormLoginInitializer()));
        try (LibraryLog log = LibraryLog.capture(); Node alone = container.start(forgotten)) {
            Browser.Response response = new Browser(alone.root()).get("/public");
            assertEquals(500, response.status(), "a login that would hold on one server only is refused: " + response.status());
            assertEquals(1, log.containing("no RedisSessionFilter has started in the application at \"/app\"").size(),
                    log.messages().toString());
        }
    }

    @Test
    void aRequestWithoutASessionLeavesRedisAlone() {
        assertEquals("public user=null", commandsOf(() -> browser.get("/public")).body());
        assertEquals(0, proxy.count(), proxy.commands().toString());
        assertEquals(List.of(), browser.setCookieHeaders(), "no session, no cookie");
    }

    /** Sends one request and leaves in the proxy the commands of that request alone. */
    private Browser.Response commandsOf(Supplier<Browser.Response> request) {
        proxy.awaitQuiet(Duration.ofMillis(30));
        proxy.reset();
        Browser.Response response = request.get();
        proxy.awaitQuiet(Duration.ofMillis(30));
        return response;
    }
}
