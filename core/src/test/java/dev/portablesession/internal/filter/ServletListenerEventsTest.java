package dev.portablesession.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.event.FanOutEvents;
import dev.portablesession.internal.store.InMemorySessionStore;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The servlet listeners as the request path calls them, through the event seam with the
 * library's other implementations, against the in-memory store: their order, and that a
 * listener that throws stops neither the others nor the save.
 */
class ServletListenerEventsTest {

    /** Every call of every listener and value, in order; values record here because each request decodes new ones. */
    static final List<String> LOG = new ArrayList<>();

    private final InMemorySessionStore store = new InMemorySessionStore();

    @BeforeEach
    void clearLog() {
        LOG.clear();
    }

    private SessionManager manager(EventListener... listeners) {
        Settings settings = Settings.load(SettingSources.builder().programmatic(Map.of()));
        return new SessionManager(store, new JsonAttributeCodec(List.of(Tracked.class.getName()), getClass().getClassLoader()),
                null, new SessionCookie(settings, "", List.of()), settings, 1800, new FanOutEvents(List.of(new LoggingEvents(),
                        new BindingListenerEvents(), new ServletListenerEvents(List.of(listeners)))));
    }

    private static RequestSessionState request(SessionManager manager, String sessionId) {
        FakeExchange exchange = new FakeExchange("/", sessionId == null ? null : "SESSION=" + sessionId);
        return new RequestSessionState(manager, exchange.request, exchange.response);
    }

    @Test
    void eventsComeInTheContainersOrder() {
        SessionManager manager = manager(new Recorder("L1"), new Recorder("L2"));
        RequestSessionState request = request(manager, null);
        HttpSession session = request.getSession(true);
        session.setAttribute("a", new Tracked("1"));
        session.setAttribute("a", new Tracked("2"));
        session.setAttribute("b", "x");
        session.removeAttribute("b");
        String before = session.getId();
        request.changeSessionId();
        session.invalidate();
        assertEquals(List.of(
                "L1 created", "L2 created",
                "passivate 1", "bound 1", "L1 added a=1", "L2 added a=1",
                "passivate 2", "bound 2", "unbound 1", "L1 replaced a was 1", "L2 replaced a was 1",
                "L1 added b=x", "L2 added b=x",
                "L1 removed b=x", "L2 removed b=x",
                "L1 id-changed from " + before, "L2 id-changed from " + before,
                "L2 destroyed, a=2", "L1 destroyed, a=2",
                "unbound 2", "L1 removed a=2", "L2 removed a=2"), LOG);
    }

    @Test
    void valuesActivateWhenARequestDecodesThemAndPassivateBeforeEachEncoding() {
        SessionManager manager = manager();
        RequestSessionState first = request(manager, null);
        first.getSession(true).setAttribute("t", new Tracked("1"));
        first.finish();
        String id = first.getSession(false).getId();
        assertEquals(List.of("passivate 1", "bound 1", "passivate 1"), LOG,
                "encoded at setAttribute, and again by the save, which looks for changes made since");

        LOG.clear();
        RequestSessionState second = request(manager, id);
        Tracked value = (Tracked) second.getSession(false).getAttribute("t");
        second.getSession(false).getAttribute("t");
        assertEquals(List.of("activate 1"), LOG, "once per request, on first read");
        value.value = "1b";
        second.finish();
        assertEquals(List.of("activate 1", "passivate 1b"), LOG, "encoded again at the save, to find the change");

        LOG.clear();
        RequestSessionState third = request(manager, id);
        third.getSession(false).removeAttribute("t");
        third.finish();
        assertEquals(List.of("activate 1b", "unbound 1b"), LOG, "a value never read is decoded, so activated, to be unbound");
    }

    @Test
    void aThrowingListenerStopsNeitherTheOthersNorTheSave() {
        SessionManager manager = manager(new Throwing(), new Recorder("L1"));
        RequestSessionState request = request(manager, null);
        HttpSession session = request.getSession(true);
        session.setAttribute("a", "1");
        String before = session.getId();
        request.changeSessionId();
        request.finish();
        assertEquals(List.of("L1 created", "L1 added a=1", "L1 id-changed from " + before), LOG);
        RequestSessionState next = request(manager, session.getId());
        assertNotNull(next.getSession(false), "saved under its new id");
        assertEquals("1", next.getSession(false).getAttribute("a"));
        next.getSession(false).invalidate();
        assertEquals("L1 destroyed, a=1", LOG.get(LOG.size() - 2), LOG.toString());
    }

    /** Records each call with its name first. */
    static final class Recorder implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {
        private final String name;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void sessionCreated(HttpSessionEvent event) {
            LOG.add(name + " created");
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent event) {
            LOG.add(name + " destroyed, a=" + event.getSession().getAttribute("a"));
        }

        @Override
        public void attributeAdded(HttpSessionBindingEvent event) {
            LOG.add(name + " added " + event.getName() + "=" + event.getValue());
        }

        @Override
        public void attributeReplaced(HttpSessionBindingEvent event) {
            LOG.add(name + " replaced " + event.getName() + " was " + event.getValue());
        }

        @Override
        public void attributeRemoved(HttpSessionBindingEvent event) {
            LOG.add(name + " removed " + event.getName() + "=" + event.getValue());
        }

        @Override
        public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
            LOG.add(name + " id-changed from " + oldSessionId);
        }
    }

    /** Fails on every call. */
    static final class Throwing implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {
        @Override
        public void sessionCreated(HttpSessionEvent event) {
            throw new IllegalStateException("created");
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent event) {
            throw new IllegalStateException("destroyed");
        }

        @Override
        public void attributeAdded(HttpSessionBindingEvent event) {
            throw new IllegalStateException("added");
        }

        @Override
        public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
            throw new IllegalStateException("id changed");
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
            LOG.add("bound " + value);
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            LOG.add("unbound " + value);
        }

        @Override
        public void sessionDidActivate(HttpSessionEvent event) {
            LOG.add("activate " + value);
        }

        @Override
        public void sessionWillPassivate(HttpSessionEvent event) {
            LOG.add("passivate " + value);
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
