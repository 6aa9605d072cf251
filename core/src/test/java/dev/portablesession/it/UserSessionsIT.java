package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.MaxSessionsPolicy;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.SessionLimitException;
import dev.portablesession.UserSession;
import dev.portablesession.UserSessions;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.CountingRedisProxy;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sessions by user over real HTTP on two Jetty servers sharing one Redis: logins on either server
 * are listed by both, "log out everywhere" from one ends them all (their listeners told, their
 * next request finds no session), and {@code principal.max-sessions} evicts the oldest or
 * refuses the new login, across servers.
 */
@ExtendWith(RedisExtension.class)
class UserSessionsIT {

    private static final String NAMESPACE = "it-users";
    /** Each test its own namespace, so one test's users are not another's. */
    private static final java.util.concurrent.atomic.AtomicInteger RUN = new java.util.concurrent.atomic.AtomicInteger();

    private final List<JettyNode> nodes = new ArrayList<>();
    private final Map<String, List<String>> logs = Map.of("a", Collections.synchronizedList(new ArrayList<>()),
            "b", Collections.synchronizedList(new ArrayList<>()));

    @AfterEach
    void stop() {
        nodes.forEach(JettyNode::close);
    }

    /** Two servers whose filters the test configures; each records its session listener's events. */
    private JettyNode[] start(RedisServer redis, UnaryOperator<RedisSessionFilter.Builder> configure) {
        String namespace = NAMESPACE + "-" + RUN.incrementAndGet();
        for (String name : List.of("a", "b")) {
            RedisSessionFilter filter = configure.apply(RedisSessionFilter.builder().redisUrl(redis.uri())
                    .namespace(namespace).sessionListener(new Recorder(logs.get(name))))
                    .build();
            nodes.add(JettyNode.start(name, new FilterHolder(filter), Map.of("/login", new Login(), "/logout", new Logout(),
                    "/whoami", new WhoAmI(), "/drop", new Drop())));
        }
        return nodes.toArray(JettyNode[]::new);
    }

    private static UserSessions users(JettyNode node) {
        return RedisSessionFilter.userSessions(node.servletContext());
    }

    private Browser loggedIn(JettyNode[] servers, String user) {
        Browser browser = new Browser(servers[0].root(), servers[1].root());
        assertEquals("welcome " + user, browser.get("/login?user=" + user).body());
        return browser;
    }

    private static Set<String> ids(List<UserSession> sessions) {
        return sessions.stream().map(UserSession::id).collect(Collectors.toSet());
    }

    @Test
    void loginsOnEitherServerAreListedByBothAndFollowLogoutChangeOfIdAndDrop(RedisServer redis) {
        JettyNode[] servers = start(redis, builder -> builder.principal("attribute:user"));
        Browser first = loggedIn(servers, "alice");
        Browser second = loggedIn(servers, "alice");
        Browser third = loggedIn(servers, "alice");
        loggedIn(servers, "bob");

        List<UserSession> fromA = users(servers[0]).list("alice");
        assertEquals(3, fromA.size());
        assertEquals(ids(fromA), ids(users(servers[1]).list("alice")), "both servers see the same sessions");
        assertEquals(Set.of(first.cookie(), second.cookie(), third.cookie()), ids(fromA));
        UserSession one = fromA.get(0);
        assertEquals("alice", one.principal());
        assertTrue(one.creationTime().isBefore(one.lastAccessedTime()) || one.creationTime().equals(one.lastAccessedTime()));
        assertEquals(30, one.maxInactiveInterval().toMinutes());
        assertFalse(one.toString().contains(one.id()), "toString masks the id: " + one);
        assertTrue(one.id().startsWith(one.maskedId().replace("…", "")));
        assertTrue(fromA.get(0).lastAccessedTime().compareTo(fromA.get(2).lastAccessedTime()) <= 0, "least recently used first");

        assertEquals("bye", second.get("/logout").body());
        assertEquals(Set.of(first.cookie(), third.cookie()), ids(users(servers[1]).list("alice")), "invalidated");

        String before = first.cookie();
        assertEquals("welcome alice", first.get("/login?user=alice").body(), "logging in again changes the id");
        assertFalse(before.equals(first.cookie()));
        assertEquals(Set.of(first.cookie(), third.cookie()), ids(users(servers[0]).list("alice")), "the new id, not the old");

        assertEquals("dropped", third.get("/drop").body());
        assertEquals("nobody", third.get("/whoami").body(), "the session stays, without its user");
        assertEquals(Set.of(first.cookie()), ids(users(servers[1]).list("alice")));
        assertEquals(1, users(servers[0]).list("bob").size());
        assertEquals(List.of(), users(servers[0]).list("carol"));
    }

    @Test
    void logOutEverywhereEndsEverySessionOfTheUserAndTellsTheListeners(RedisServer redis) throws Exception {
        JettyNode[] servers = start(redis, builder -> builder.principal("attribute:user"));
        List<Browser> alice = List.of(loggedIn(servers, "alice"), loggedIn(servers, "alice"), loggedIn(servers, "alice"));
        Browser bob = loggedIn(servers, "bob");
        logs.values().forEach(List::clear);

        UserSession found = users(servers[1]).find(alice.get(0).cookie()).orElseThrow();
        assertEquals("alice", found.principal());
        assertEquals(3, users(servers[1]).invalidateAll("alice"));
        assertEquals(List.of(), logs.get("a"), "told on the server that ended them");
        assertEquals(3, logs.get("b").stream().filter(line -> line.equals("destroyed alice")).count(), logs.get("b").toString());
        assertEquals(3, logs.get("b").stream().filter(line -> line.equals("removed user=alice")).count(), logs.get("b").toString());
        for (Browser browser : alice) {
            assertEquals("nobody", browser.get("/whoami").body());
            assertEquals("nobody", browser.get("/whoami").body(), "on either server");
        }
        assertEquals("bob", bob.get("/whoami").body(), "another user's session stays");
        assertFalse(found.invalidate(), "already gone");
        assertEquals(0, users(servers[0]).invalidateAll("alice"));

        // The same through JMX, with the id masked.
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> beans = jmx.queryNames(new ObjectName("dev.portablesession:type=UserSessions,*"), null);
        ObjectName bean = beans.stream().filter(name -> name.getKeyProperty("namespace").contains(NAMESPACE)).findFirst()
                .orElseThrow(() -> new AssertionError("no UserSessions MXBean among " + beans));
        String[] lines = (String[]) jmx.invoke(bean, "listSessions", new Object[] {"bob"}, new String[] {String.class.getName()});
        assertEquals(1, lines.length);
        assertFalse(lines[0].contains(bob.cookie()), "no full id on JMX: " + lines[0]);
        assertTrue(lines[0].startsWith(bob.cookie().substring(0, 6)), lines[0]);
        assertEquals(1, jmx.invoke(bean, "invalidateAll", new Object[] {"bob"}, new String[] {String.class.getName()}));
        assertEquals("nobody", bob.get("/whoami").body());
    }

    @Test
    void overTheLimitTheOldestSessionIsEvicted(RedisServer redis) throws InterruptedException {
        JettyNode[] servers = start(redis, builder -> builder.principal("attribute:user").principalMaxSessions(2));
        Browser oldest = loggedIn(servers, "alice");
        Thread.sleep(5);
        Browser middle = loggedIn(servers, "alice");
        Thread.sleep(5);
        assertEquals("alice", oldest.get("/whoami").body(), "used again: now the middle one is the least recently used");
        logs.values().forEach(List::clear);

        Browser newest = loggedIn(servers, "alice");
        assertEquals(Set.of(oldest.cookie(), newest.cookie()), ids(users(servers[0]).list("alice")));
        assertEquals("nobody", middle.get("/whoami").body(), "evicted");
        assertEquals("alice", oldest.get("/whoami").body());
        assertEquals("alice", newest.get("/whoami").body());
        long destroyed = logs.values().stream().flatMap(List::stream).filter(line -> line.equals("destroyed alice")).count();
        assertEquals(1, destroyed, "the evicted session's listeners were told: " + logs);
    }

    @Test
    void overTheLimitTheNewLoginIsRefusedAndAllowedOnceAnotherSessionLogsOut(RedisServer redis) {
        JettyNode[] servers = start(redis, builder -> builder.principal("attribute:user").principalMaxSessions(2)
                .principalMaxSessionsPolicy(MaxSessionsPolicy.REFUSE));
        Browser first = loggedIn(servers, "alice");
        Browser second = loggedIn(servers, "alice");
        Browser third = new Browser(servers[0].root(), servers[1].root());
        Browser.Response refused = third.get("/login?user=alice");
        assertEquals(409, refused.status());
        assertTrue(refused.body().contains("principal.max-sessions"), refused.body());
        assertFalse(refused.body().contains("alice"), "no user name in the message: " + refused.body());
        assertEquals(Set.of(first.cookie(), second.cookie()), ids(users(servers[1]).list("alice")), "the others stay");
        assertEquals("nobody", third.get("/whoami").body());

        assertEquals("bye", first.get("/logout").body());
        assertEquals("welcome alice", third.get("/login?user=alice").body(), "log out and in again");
        assertEquals(Set.of(second.cookie(), third.cookie()), ids(users(servers[0]).list("alice")));
        assertEquals("welcome bob", new Browser(servers[1].root()).get("/login?user=bob").body(), "the limit is per user");
    }

    @Test
    void aResolverOfTheBuilderBindsAtSaveAndOverTheLimitTheNewSessionIsInvalidated(RedisServer redis) {
        JettyNode[] servers = start(redis, builder -> builder
                .principalResolver((request, session) -> (String) session.getAttribute("user"))
                .principalMaxSessions(1).principalMaxSessionsPolicy(MaxSessionsPolicy.REFUSE));
        Browser first = loggedIn(servers, "alice");
        assertEquals(Set.of(first.cookie()), ids(users(servers[1]).list("alice")));
        Browser second = new Browser(servers[1].root(), servers[0].root());
        Browser.Response login = second.get("/login?user=alice");
        assertEquals("welcome alice", login.body(), "the resolver runs as the session is saved, after the servlet");
        assertTrue(login.setCookies().stream().anyMatch(cookie -> cookie.contains("Max-Age=0")) || second.cookie() == null,
                "its session is not kept: " + login.setCookies());
        assertEquals("nobody", second.get("/whoami").body());
        assertEquals(Set.of(first.cookie()), ids(users(servers[0]).list("alice")));
        assertEquals("alice", first.get("/whoami").body());
    }

    @Test
    void theIndexCostsNoRoundTrip(RedisServer redis) {
        try (CountingRedisProxy proxy = CountingRedisProxy.start(redis)) {
            // A poll interval longer than the test, so the poller's claims do not count.
            JettyNode[] servers = start(redis, builder -> builder.redisUrl(proxy.uri()).principal("attribute:user")
                    .expiryPollInterval(java.time.Duration.ofMinutes(10)));
            for (JettyNode server : servers) {
                Browser warm = loggedIn(new JettyNode[] {server, server}, "warm");
                warm.get("/s?op=set&name=x&value=1");
                warm.get("/login?user=warm");
                warm.get("/logout");
            }
            Browser browser = new Browser(servers[0].root(), servers[1].root());
            assertEquals(Map.of("EVALSHA", 1L), commandsOf(proxy, () -> browser.get("/login?user=alice")),
                    "a new session with its user: one script");
            assertEquals(Map.of("EVALSHA", 1L), commandsOf(proxy, () -> browser.get("/whoami")), "a read: one");
            assertEquals(Map.of("EVALSHA", 2L), commandsOf(proxy, () -> browser.get("/s?op=set&name=x&value=2")),
                    "a write: two");
            assertEquals(Map.of("EVALSHA", 2L), commandsOf(proxy, () -> browser.get("/drop")), "a logout that keeps the session: two");
            assertEquals(Map.of("EVALSHA", 3L), commandsOf(proxy, () -> browser.get("/login?user=alice")),
                    "a login with a new id: load, take the old key, write the new one");
            assertEquals(Map.of("EVALSHA", 2L), commandsOf(proxy, () -> browser.get("/logout")), "an invalidation: two");
        }
    }

    private static Map<String, Long> commandsOf(CountingRedisProxy proxy, java.util.function.Supplier<Browser.Response> request) {
        proxy.awaitQuiet(java.time.Duration.ofMillis(30));
        proxy.reset();
        Browser.Response response = request.get();
        assertTrue(response.status() < 500, response.toString());
        proxy.awaitQuiet(java.time.Duration.ofMillis(50));
        Map<String, Long> commands = new java.util.HashMap<>(proxy.commands());
        commands.keySet().removeAll(CountingRedisProxy.CONNECTION_COMMANDS);
        return commands;
    }

    @Test
    void aPrincipalSettingFromAnySourceWinsOverTheBuildersResolver(RedisServer redis) {
        String property = "portablesession.principal";
        System.setProperty(property, "off");
        try {
            JettyNode[] servers = start(redis, builder -> builder.principalResolver((request, session) -> "someone"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> users(servers[0]));
            assertTrue(e.getMessage().contains("principal"), e.getMessage());
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void aResolverWithoutExpiryEventsIsRefusedAtStart(RedisServer redis) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(redis, builder -> builder
                .principalResolver((request, session) -> "someone").expiryEvents(dev.portablesession.ExpiryEvents.OFF)));
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(String.valueOf(e.getMessage()).contains("expiry.events=off")
                || String.valueOf(cause.getMessage()).contains("expiry.events=off"), e.toString());
    }

    @Test
    void withoutAPrincipalThereIsNoIndexToAsk(RedisServer redis) {
        JettyNode[] servers = start(redis, builder -> builder);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> users(servers[0]));
        assertTrue(e.getMessage().contains("principal"), e.getMessage());
    }

    /** Logs in: a new id for a session that had one (fixation), then the user attribute. */
    static final class Login extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession existing = request.getSession(false);
            if (existing != null) {
                request.changeSessionId();
            }
            HttpSession session = request.getSession();
            String user = request.getParameter("user");
            try {
                session.setAttribute("user", user);
            } catch (SessionLimitException e) {
                response.setStatus(409);
                response.getWriter().write(e.getMessage());
                return;
            }
            response.getWriter().write("welcome " + user);
        }
    }

    static final class Logout extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            response.getWriter().write("bye");
        }
    }

    static final class WhoAmI extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession(false);
            Object user = session == null ? null : session.getAttribute("user");
            response.getWriter().write(user == null ? "nobody" : user.toString());
        }
    }

    /** Logs out but keeps the session. */
    static final class Drop extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getSession().removeAttribute("user");
            response.getWriter().write("dropped");
        }
    }

    /** Records sessionDestroyed (with the user still readable) and attribute removals. */
    static final class Recorder implements HttpSessionListener, HttpSessionAttributeListener {
        private final List<String> log;

        Recorder(List<String> log) {
            this.log = log;
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent event) {
            log.add("destroyed " + event.getSession().getAttribute("user"));
        }

        @Override
        public void attributeRemoved(HttpSessionBindingEvent event) {
            log.add("removed " + event.getName() + "=" + event.getValue());
        }
    }
}
