package dev.portablesession.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.WebApplicationContext;

/**
 * Spring Security on two Spring Boot servers that share one Redis, through the auto-configuration
 * alone: a client that alternates between them, as a round-robin balancer would, logs in, posts
 * with CSRF tokens, gets its session id changed at login and logs out, each step on the other
 * server than the step before. Every test runs on embedded Tomcat and on embedded Jetty, and for
 * each codec configuration (a Spring profile of {@code spring-security-it.yaml}).
 */
@ExtendWith(RedisExtension.class)
class SpringSecurityIT {

    /** The embedded servers; each run leaves out the other's auto-configuration, as if it were not on the class path. */
    enum Server {
        TOMCAT("org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
                "org.springframework.boot.tomcat.TomcatWebServer"),
        JETTY("org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration",
                "org.springframework.boot.jetty.JettyWebServer");

        final String otherServersAutoConfiguration;
        final String webServerClass;

        Server(String otherServersAutoConfiguration, String webServerClass) {
            this.otherServersAutoConfiguration = otherServersAutoConfiguration;
            this.webServerClass = webServerClass;
        }

        Class<?> webServerClass(ClassLoader loader) {
            try {
                return Class.forName(webServerClass, false, loader);
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The codec configurations: each a profile of spring-security-it.yaml. */
    enum Codec {
        JDK("jdk"),
        JSON("json");

        final String profile;

        Codec(String profile) {
            this.profile = profile;
        }
    }

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    /** Two nodes per server and codec, started on first use, stopped after the last test. */
    private static final Map<String, Nodes> RUNNING = new LinkedHashMap<>();

    static Stream<Arguments> variants() {
        return Stream.of(Server.values()).flatMap(server -> Stream.of(Codec.values())
                .map(codec -> Arguments.of(server, codec)));
    }

    @AfterAll
    static void stopNodes() {
        RUNNING.values().forEach(Nodes::close);
        RUNNING.clear();
    }

    @ParameterizedTest(name = "{0}, codec {1}")
    @MethodSource("variants")
    void aLoginOnOneServerIsSeenOnTheOtherUnderANewSessionId(Server server, Codec codec, RedisServer redis) {
        Nodes nodes = nodes(server, codec, redis);
        Browser browser = nodes.browser();
        Events before = nodes.events();

        Browser.Response protectedPage = browser.get("/hello");
        assertEquals(302, protectedPage.status(), protectedPage.toString());
        assertEquals("a", protectedPage.servedBy());
        String anonymousId = browser.cookie();
        assertNotNull(anonymousId, "the saved request is kept in a session");

        Browser.Response loginPage = browser.follow(protectedPage);
        assertEquals("b", loginPage.servedBy());
        Browser.Response login = logIn(browser, csrfToken(loginPage), SecuredApplication.PASSWORD);
        assertEquals("a", login.servedBy());
        String loggedInId = browser.cookie();
        assertNotEquals(anonymousId, loggedInId, "session fixation protection gives a new id at login");
        assertTrue(nodes.sessionExists(loggedInId));
        assertFalse(nodes.sessionExists(anonymousId), "the old id is gone from Redis");

        Browser.Response hello = browser.follow(login);
        assertEquals("b", hello.servedBy());
        assertEquals(200, hello.status(), hello.toString());
        assertEquals("hello alice", hello.body(), "the saved request, served by the other node, to the logged-in user");
        assertEquals(before.plus(1, 0, 1), nodes.events(), "one session, its id changed once");
        assertEquals("1200", browser.get("/timeout").body(), "server.servlet.session.timeout=20m");
        assertEquals(List.of(Browser.SESSION_COOKIE), List.copyOf(browser.cookies().keySet()),
                "no container session (JSESSIONID) beside the filter's");

        // The old id, presented to each node: dead on both, and replaced by a new session, not revived.
        for (URI node : nodes.roots()) {
            Browser stale = new Browser(node);
            stale.cookie(anonymousId);
            Browser.Response refused = stale.get("/hello");
            assertEquals(302, refused.status(), refused.toString());
            assertTrue(refused.location().endsWith("/login"), refused.toString());
            assertNotEquals(anonymousId, stale.cookie());
        }
        assertFalse(nodes.sessionExists(anonymousId));
        assertEquals(before.plus(3, 0, 1), nodes.events(), "each stale request got a session of its own");
    }

    @ParameterizedTest(name = "{0}, codec {1}")
    @MethodSource("variants")
    void aCsrfTokenFromOneServerIsAcceptedByTheOther(Server server, Codec codec, RedisServer redis) {
        Nodes nodes = nodes(server, codec, redis);
        Browser browser = nodes.loggedIn();

        Browser.Response token = browser.get("/csrf");
        Browser.Response posted = browser.post("/notes", Map.of("text", "milk", "_csrf", token.body()));
        assertNotEquals(token.servedBy(), posted.servedBy());
        assertEquals(200, posted.status(), posted.toString());
        assertEquals("noted milk", posted.body());
        Browser.Response read = browser.get("/notes");
        assertNotEquals(posted.servedBy(), read.servedBy());
        assertEquals("milk", read.body());

        assertEquals(403, browser.post("/notes", Map.of("text", "eggs")).status(), "CSRF protection is on");
        assertEquals(403, browser.post("/notes", Map.of("text", "eggs", "_csrf", "forged")).status());
        assertEquals("milk", browser.get("/notes").body());
    }

    @ParameterizedTest(name = "{0}, codec {1}")
    @MethodSource("variants")
    void aLogoutOnOneServerIsSeenOnTheOther(Server server, Codec codec, RedisServer redis) {
        Nodes nodes = nodes(server, codec, redis);
        Events before = nodes.events();
        Browser browser = nodes.loggedIn();
        String id = browser.cookie();

        Browser.Response token = browser.get("/csrf");
        Browser.Response logout = browser.post("/logout", Map.of("_csrf", token.body()));
        assertNotEquals(token.servedBy(), logout.servedBy());
        assertEquals(302, logout.status(), logout.toString());
        assertTrue(logout.location().endsWith("/login?logout"), logout.toString());
        assertFalse(nodes.sessionExists(id), "logout invalidates the session in Redis");
        assertEquals(before.plus(1, 1, 1), nodes.events(), "created, id changed at login, destroyed at logout");

        browser.cookie(id);
        Browser.Response afterLogout = browser.get("/hello");
        assertNotEquals(logout.servedBy(), afterLogout.servedBy());
        assertEquals(302, afterLogout.status(), "the logged-out session's id no longer authenticates: " + afterLogout);
        assertTrue(afterLogout.location().endsWith("/login"), afterLogout.toString());
    }

    @ParameterizedTest(name = "{0}, codec {1}")
    @MethodSource("variants")
    void aWrongPasswordShowsTheLoginErrorOnTheOtherServer(Server server, Codec codec, RedisServer redis) {
        Nodes nodes = nodes(server, codec, redis);
        Events before = nodes.events();
        Browser browser = nodes.browser();

        Browser.Response loginPage = browser.get("/login");
        assertEquals(200, loginPage.status(), loginPage.toString());
        Browser.Response failed = logIn(browser, csrfToken(loginPage), "not-" + SecuredApplication.PASSWORD);
        assertEquals(302, failed.status(), failed.toString());
        assertTrue(failed.location().endsWith("/login?error"), failed.toString());

        Browser.Response errorPage = browser.follow(failed);
        assertNotEquals(failed.servedBy(), errorPage.servedBy());
        assertEquals(200, errorPage.status(), errorPage.toString());
        assertTrue(errorPage.body().contains("Invalid credentials"), errorPage.body());
        Browser.Response message = browser.get("/login-error");
        assertNotEquals(errorPage.servedBy(), message.servedBy());
        assertEquals("Bad credentials", message.body(), "the failed login's exception, from the session, on either node");
        assertEquals(before.plus(1, 0, 0), nodes.events(), "one session, kept through the failed login");
    }

    @ParameterizedTest(name = "{0}, codec {1}")
    @MethodSource("variants")
    void maximumSessionsOfOneEndsTheOlderLoginOnEveryServer(Server server, Codec codec, RedisServer redis) {
        Nodes nodes = nodes(server, codec, redis, "--it.max-sessions=1");
        Browser first = nodes.loggedIn();
        assertEquals("hello alice", first.get("/hello").body());
        assertEquals(1, nodes.sessionsOf(SecuredApplication.USER));
        Events before = nodes.events();

        Browser second = nodes.loggedIn();
        assertEquals(before.plus(1, 1, 1), nodes.events(), "the older session destroyed, its listeners told");
        assertEquals(1, nodes.sessionsOf(SecuredApplication.USER));
        for (int i = 0; i < 2; i++) {
            Browser.Response evicted = first.get("/hello");
            assertEquals(302, evicted.status(), "the first login is over, on either server: " + evicted);
            assertTrue(evicted.location().endsWith("/login"), evicted.toString());
        }
        assertEquals("hello alice", second.get("/hello").body());
        assertEquals("hello alice", second.get("/hello").body());
    }

    @ParameterizedTest(name = "{0}, codec {1}")
    @MethodSource("variants")
    void maxSessionsPreventsLoginRefusesASecondLoginUntilTheFirstLogsOutOnTheOtherServer(Server server, Codec codec,
            RedisServer redis) {
        Nodes nodes = nodes(server, codec, redis, "--it.max-sessions=1", "--it.prevents-login=true");
        Browser first = nodes.loggedIn();
        Browser second = nodes.browser();
        Browser.Response refused = logIn(second, csrfToken(second.get("/login")), SecuredApplication.PASSWORD);
        assertEquals(302, refused.status(), refused.toString());
        assertTrue(refused.location().endsWith("/login?error"), "the second login is refused: " + refused);
        Browser.Response reason = second.get("/login-error");
        assertEquals(200, reason.status(), reason.toString());
        assertTrue(reason.body().contains("Maximum sessions of 1"), "Spring Security's own reason, from the session: "
                + reason.body());
        assertEquals("hello alice", first.get("/hello").body(), "the first login stays");

        Browser.Response logout = first.post("/logout", Map.of("_csrf", first.get("/csrf").body()));
        assertEquals(302, logout.status(), logout.toString());
        assertEquals(0, nodes.sessionsOf(SecuredApplication.USER), "the logout freed the place at once");
        Browser.Response again = logIn(second, csrfToken(second.get("/login")), SecuredApplication.PASSWORD);
        assertEquals(302, again.status(), again.toString());
        assertEquals("/", second.pathInApplication(again), "logged in once the other logged out");
        assertEquals("hello alice", second.get("/hello").body());

        Browser.Response out = second.post("/logout", Map.of("_csrf", second.get("/csrf").body()));
        assertEquals(302, out.status(), out.toString());
        Browser third = nodes.loggedIn();
        assertEquals("hello alice", third.get("/hello").body(), "log out and in again");
    }

    /**
     * The reference for the event counts: the same application on the container's own sessions
     * ({@code portablesession.enabled=false}, one node, as container sessions hold on one server
     * only), and the filter's two nodes, each walked through the same visit: a protected page, the
     * login, the page again, logout.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Server.class)
    void aVisitPublishesTheEventsTheContainersOwnSessionsPublish(Server server, RedisServer redis) {
        Nodes container = nodes(server, Codec.JDK, redis, "--portablesession.enabled=false");
        Nodes filter = nodes(server, Codec.JDK, redis);
        Browser onContainer = new Browser(container.roots().get(0));
        Events containerEvents = visit(onContainer, container);
        assertTrue(onContainer.cookies().containsKey("JSESSIONID"), "the container's own sessions: "
                + onContainer.cookies().keySet());
        Events filterEvents = visit(filter.browser(), filter);

        assertTrue(containerEvents.created() > 0 && containerEvents.idChanged() > 0 && containerEvents.destroyed() > 0,
                "the visit creates a session, changes its id and ends it: " + containerEvents);
        assertEquals(containerEvents, filterEvents, "the filter's two nodes together publish what one container does");
    }

    private static Events visit(Browser browser, Nodes nodes) {
        Events before = nodes.events();
        Browser.Response protectedPage = browser.get("/hello");
        assertEquals(302, protectedPage.status(), protectedPage.toString());
        Browser.Response login = logIn(browser, csrfToken(browser.follow(protectedPage)), SecuredApplication.PASSWORD);
        assertEquals(302, login.status(), login.toString());
        assertEquals("hello alice", browser.follow(login).body());
        Browser.Response logout = browser.post("/logout", Map.of("_csrf", browser.get("/csrf").body()));
        assertEquals(302, logout.status(), logout.toString());
        Events after = nodes.events();
        return after.plus(-before.created(), -before.destroyed(), -before.idChanged());
    }

    private static Browser.Response logIn(Browser browser, String csrfToken, String password) {
        return browser.post("/login", Map.of("username", SecuredApplication.USER, "password", password,
                "_csrf", csrfToken));
    }

    private static String csrfToken(Browser.Response page) {
        assertEquals(200, page.status(), page.toString());
        Matcher matcher = CSRF_INPUT.matcher(page.body());
        assertTrue(matcher.find(), "a CSRF field in " + page.body());
        return matcher.group(1);
    }

    private static synchronized Nodes nodes(Server server, Codec codec, RedisServer redis, String... arguments) {
        String variant = String.join("", arguments).replaceAll("[^a-z0-9]+", "-");
        return RUNNING.computeIfAbsent(server + "-" + codec + variant, key -> Nodes.start(server, codec, redis, variant, arguments));
    }

    /** Two nodes of the application on one Redis. */
    private record Nodes(Server server, String namespace, RedisServer redis,
            List<ConfigurableApplicationContext> contexts) implements AutoCloseable {

        /** @param arguments more command-line arguments of both nodes; {@code variant} tells their namespace apart */
        static Nodes start(Server server, Codec codec, RedisServer redis, String variant, String... arguments) {
            String namespace = "it-spring-" + server.name().toLowerCase() + "-" + codec.profile + variant;
            List<ConfigurableApplicationContext> contexts = new ArrayList<>();
            for (String node : List.of("a", "b")) {
                List<String> args = new ArrayList<>(List.of("--portablesession.redis.url=" + redis.uri(),
                        "--portablesession.namespace=" + namespace,
                        "--spring.autoconfigure.exclude=" + server.otherServersAutoConfiguration,
                        "--it.node=" + node));
                args.addAll(List.of(arguments));
                contexts.add(new SpringApplicationBuilder(SecuredApplication.class)
                        .properties("spring.config.name=spring-security-it")
                        .profiles(codec.profile)
                        .run(args.toArray(String[]::new)));
            }
            Nodes nodes = new Nodes(server, namespace, redis, contexts);
            for (ConfigurableApplicationContext context : contexts) {
                WebServer webServer = ((WebServerApplicationContext) context).getWebServer();
                assertTrue(server.webServerClass(context.getClassLoader()).isInstance(webServer),
                        "the server this run is for: " + webServer.getClass().getName());
            }
            return nodes;
        }

        List<URI> roots() {
            return contexts.stream()
                    .map(context -> URI.create("http://127.0.0.1:"
                            + ((WebServerApplicationContext) context).getWebServer().getPort() + "/"))
                    .toList();
        }

        /** A new client with an empty cookie jar, sending to a, b, a, ... */
        Browser browser() {
            return new Browser(roots());
        }

        /** A new client, logged in (the login page from one node, the form posted to the other), next request to a. */
        Browser loggedIn() {
            Browser browser = browser();
            Browser.Response login = logIn(browser, csrfToken(browser.get("/login")), SecuredApplication.PASSWORD);
            assertEquals(302, login.status(), login.toString());
            assertEquals("/", browser.pathInApplication(login), "logged in, to the default target");
            return browser;
        }

        /** How many sessions the user holds, as the index of node a answers. */
        int sessionsOf(String user) {
            return RedisSessionFilter.userSessions(((WebApplicationContext) contexts.get(0)).getServletContext())
                    .list(user).size();
        }

        boolean sessionExists(String id) {
            return !redis.client().keys(namespace + ":*:" + id).isEmpty();
        }

        Events events() {
            Events sum = new Events(0, 0, 0);
            for (ConfigurableApplicationContext context : contexts) {
                SecuredApplication.SessionEvents events = context.getBean(SecuredApplication.SessionEvents.class);
                sum = sum.plus(events.created.get(), events.destroyed.get(), events.idChanged.get());
            }
            return sum;
        }

        @Override
        public void close() {
            contexts.forEach(ConfigurableApplicationContext::close);
        }
    }

    /** HttpSessionEventPublisher's events, summed over both nodes. */
    record Events(int created, int destroyed, int idChanged) {

        Events plus(int moreCreated, int moreDestroyed, int moreIdChanged) {
            return new Events(created + moreCreated, destroyed + moreDestroyed, idChanged + moreIdChanged);
        }
    }
}
