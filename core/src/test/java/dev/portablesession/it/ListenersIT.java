package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.RedisSessionInitializer;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's session listeners, called by the filter for sessions in Redis, over real
 * HTTP on two Jetty servers: one declared in {@code web.xml}, one by {@code @WebListener} (as the
 * container hands it to the initializer), one by the init-param {@code listeners}, one given to
 * the builder, and one that throws. Each node records into its own log, so an event that fires
 * on the wrong server, or twice, shows. A third server with Jetty's own sessions and no filter
 * runs the same servlet, for the order the container itself gives: the same but for a replaced
 * value, which Jetty unbinds before it binds the new one, and the filter, like Tomcat, after.
 */
@ExtendWith(RedisExtension.class)
class ListenersIT {

    private static final String NAMESPACE = "it-listeners";
    /** Context attribute holding the node's log: a synchronized {@code List<String>}. */
    private static final String LOG = "listener-log";

    private static JettyNode a;
    private static JettyNode b;
    private static JettyNode jetty;
    private Browser browser;

    @BeforeAll
    static void startNodes(RedisServer redis, @TempDir Path webApp) throws IOException {
        Files.createDirectories(webApp.resolve("WEB-INF"));
        Files.writeString(webApp.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <listener><listener-class>%s</listener-class></listener>
                  <listener><listener-class>%s</listener-class></listener>
                </web-app>
                """.formatted(ThrowingListener.class.getName(), WebXmlListener.class.getName()));
        a = filterNode("a", redis, webApp);
        b = filterNode("b", redis, webApp);
        ServletContextHandler own = new ServletContextHandler(ServletContextHandler.SESSIONS);
        own.setContextPath("/");
        own.setAttribute(LOG, Collections.synchronizedList(new ArrayList<String>()));
        own.addEventListener(new BuilderListener());
        jetty = JettyNode.start("jetty", own, List.of(), Map.of("/script", new Script()));
    }

    private static JettyNode filterNode(String name, RedisServer redis, Path webApp) {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.setBaseResourceAsPath(webApp);
        context.setAttribute(LOG, Collections.synchronizedList(new ArrayList<String>()));
        context.addServletContainerInitializer(new RedisSessionInitializer(), AnnotatedListener.class);
        FilterHolder filter = new FilterHolder(RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(NAMESPACE)
                .codecAllow(Tracked.class.getName()).sessionListener(new BuilderListener()).build());
        filter.setInitParameter("listeners", InitParamListener.class.getName());
        return JettyNode.start(name, context, List.of(filter), Map.of("/script", new Script()));
    }

    @AfterAll
    static void stopNodes() {
        a.close();
        b.close();
        jetty.close();
    }

    @BeforeEach
    void clearLogs() {
        List.of(a, b, jetty).forEach(node -> log(node).clear());
        browser = new Browser(a.root(), b.root());
    }

    @Test
    void eachEventFiresOnceOnTheServerThatHandledTheRequestForEveryListenerInOrder() {
        browser.get("/s?op=set&name=user&value=alice");
        List<String> created = List.of("web.xml created", "annotated created", "init-param created", "builder created",
                "web.xml added user=alice", "annotated added user=alice", "init-param added user=alice",
                "builder added user=alice");
        assertEquals(created, log(a), "declaration order; the throwing listener stops no other");
        assertEquals(List.of(), log(b));

        browser.get("/s?op=set&name=user&value=bob");
        assertEquals(created, log(a));
        assertEquals(List.of("web.xml replaced user was alice", "annotated replaced user was alice",
                "init-param replaced user was alice", "builder replaced user was alice"), log(b));

        log(b).clear();
        Browser.Response changed = browser.get("/s?op=changeId");
        String oldId = changed.body().substring(0, changed.body().indexOf("->"));
        assertEquals(List.of("web.xml id-changed from " + oldId, "annotated id-changed from " + oldId,
                "init-param id-changed from " + oldId, "builder id-changed from " + oldId), log(a).subList(created.size(), log(a).size()));

        log(a).clear();
        Browser.Response invalidated = browser.get("/s?op=invalidate");
        assertEquals("invalidated", invalidated.body());
        assertEquals(List.of("builder destroyed, user=bob", "init-param destroyed, user=bob", "annotated destroyed, user=bob",
                "web.xml destroyed, user=bob", "web.xml removed user=bob", "annotated removed user=bob",
                "init-param removed user=bob", "builder removed user=bob"), log(b),
                "sessionDestroyed in reverse order, while the attributes are still there; then the removals");
        assertEquals(List.of(), log(a));
    }

    @Test
    void aThrowingListenerBreaksNeitherTheRequestNorTheSave() {
        Browser.Response set = browser.get("/s?op=set&name=user&value=alice");
        assertEquals(200, set.status());
        assertEquals("ok", set.body());
        assertEquals("alice", browser.get("/s?op=get&name=user").body(), "saved, and read on the other server");
    }

    @Test
    void oneRequestGivesTheOrderJettyGivesItsOwnSessions() {
        browser.get("/script");
        Browser ownSessions = new Browser("JSESSIONID", jetty.root());
        ownSessions.get("/script");
        List<String> expected = List.of("builder created", "bound 1", "builder added a=1", "bound 2", "unbound 1",
                "builder replaced a was 1", "builder added b=x", "builder removed b=x", "builder id-changed",
                "builder destroyed, user=null", "unbound 2", "builder removed a=2");
        assertEquals(expected, ours(log(a)), "the filter: Tomcat's order, the new value bound before the old is unbound");
        List<String> jettyOrder = new ArrayList<>(expected);
        Collections.swap(jettyOrder, 3, 4);
        assertEquals(jettyOrder, ours(log(jetty)), "Jetty's own sessions, which unbind the old value first and differ in that alone");
        assertTrue(log(a).containsAll(List.of("passivate 1", "passivate 2")), "values are encoded at setAttribute: " + log(a));
    }

    @Test
    void aListenerClassTheFilterCannotUseStopsItNamingTheSetting(RedisServer redis) {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> JettyNode.startWithInitParams("bad",
                Map.of("redis.url", redis.uri(), "listeners", "com.acme.Missing")).close());
        assertTrue(causes(missing).contains("invalid setting listeners = \"com.acme.Missing\" (from init-param listeners):"
                + " class com.acme.Missing cannot be loaded by the application's class loader"), causes(missing));
        IllegalStateException notAListener = assertThrows(IllegalStateException.class, () -> JettyNode.startWithInitParams("bad",
                Map.of("redis.url", redis.uri(), "listeners", "java.lang.String")).close());
        assertTrue(causes(notAListener).contains("java.lang.String is none of HttpSessionListener, HttpSessionAttributeListener,"
                + " HttpSessionIdListener"), causes(notAListener));
    }

    private static String causes(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    /** The builder listener's calls and the values' binding calls; the old id (differing) left out. */
    private static List<String> ours(List<String> log) {
        return log.stream().filter(line -> line.startsWith("builder ") || line.startsWith("bound ") || line.startsWith("unbound "))
                .map(line -> line.startsWith("builder id-changed") ? "builder id-changed" : line).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> log(JettyNode node) {
        return (List<String>) node.servletContext().getAttribute(LOG);
    }

    @SuppressWarnings("unchecked")
    private static void record(HttpSession session, String line) {
        ((List<String>) session.getServletContext().getAttribute(LOG)).add(line);
    }

    /** Every session event and change, in one request, the same on every server. */
    static final class Script extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            session.setAttribute("a", new Tracked("1"));
            session.setAttribute("a", new Tracked("2"));
            session.setAttribute("b", "x");
            session.removeAttribute("b");
            request.changeSessionId();
            request.getSession().invalidate();
            response.getWriter().print("done");
        }
    }

    /** Records each call of the three listener interfaces, tagged. */
    public abstract static class Recording implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {
        abstract String tag();

        @Override
        public void sessionCreated(HttpSessionEvent event) {
            record(event.getSession(), tag() + " created");
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent event) {
            record(event.getSession(), tag() + " destroyed, user=" + event.getSession().getAttribute("user"));
        }

        @Override
        public void attributeAdded(HttpSessionBindingEvent event) {
            record(event.getSession(), tag() + " added " + event.getName() + "=" + event.getValue());
        }

        @Override
        public void attributeReplaced(HttpSessionBindingEvent event) {
            record(event.getSession(), tag() + " replaced " + event.getName() + " was " + event.getValue());
        }

        @Override
        public void attributeRemoved(HttpSessionBindingEvent event) {
            record(event.getSession(), tag() + " removed " + event.getName() + "=" + event.getValue());
        }

        @Override
        public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
            record(event.getSession(), tag() + " id-changed from " + oldSessionId);
        }
    }

    public static final class WebXmlListener extends Recording {
        @Override
        String tag() {
            return "web.xml";
        }
    }

    @WebListener
    public static final class AnnotatedListener extends Recording {
        @Override
        String tag() {
            return "annotated";
        }
    }

    public static final class InitParamListener extends Recording {
        @Override
        String tag() {
            return "init-param";
        }
    }

    public static final class BuilderListener extends Recording {
        @Override
        String tag() {
            return "builder";
        }
    }

    /** Declared first in web.xml, and fails on every call. */
    public static final class ThrowingListener implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {
        @Override
        public void sessionCreated(HttpSessionEvent event) {
            throw new IllegalStateException("listener failure on created");
        }

        @Override
        public void attributeAdded(HttpSessionBindingEvent event) {
            throw new IllegalStateException("listener failure on added");
        }

        @Override
        public void attributeReplaced(HttpSessionBindingEvent event) {
            throw new IllegalStateException("listener failure on replaced");
        }

        @Override
        public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
            throw new IllegalStateException("listener failure on id changed");
        }
    }

    /** An attribute value that hears of its binding and of its trips to the store. */
    public static final class Tracked implements HttpSessionBindingListener, HttpSessionActivationListener {
        public String value;

        public Tracked() {
        }

        Tracked(String value) {
            this.value = value;
        }

        @Override
        public void valueBound(HttpSessionBindingEvent event) {
            record(event.getSession(), "bound " + value);
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            record(event.getSession(), "unbound " + value);
        }

        @Override
        public void sessionDidActivate(HttpSessionEvent event) {
            record(event.getSession(), "activate " + value);
        }

        @Override
        public void sessionWillPassivate(HttpSessionEvent event) {
            record(event.getSession(), "passivate " + value);
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
