package dev.portablesession.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.event.FanOutEvents;
import dev.portablesession.internal.store.InMemorySessionStore;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seam for code that runs before the filter (a Jakarta Authentication module): the state it
 * opens is the one the filter's first pass takes over, so the session is loaded once.
 */
class SessionsBeforeFilterTest {

    private final RecordingEvents events = new RecordingEvents();
    private final InMemorySessionStore store = new InMemorySessionStore();
    private final SessionManager manager = manager(Map.of());
    private final SessionsBeforeFilter sessions = new SessionsBeforeFilter(manager, 1_000_000_000L);

    private SessionManager manager(Map<String, String> values) {
        Settings settings = Settings.load(SettingSources.builder().programmatic(values));
        return new SessionManager(store, new JsonAttributeCodec(List.of(), getClass().getClassLoader()),
                null, new SessionCookie(settings, "", List.of()), settings, 1800,
                new FanOutEvents(List.of(new LoggingEvents(), new BindingListenerEvents(), events)));
    }

    private String storedSession(String name, String value) throws Exception {
        FakeExchange create = new FakeExchange("/create", null);
        String id = sessions.call(create.request, create.response, (request, response) -> {
            HttpSession session = request.getSession();
            session.setAttribute(name, value);
            return session.getId();
        });
        sessions.finish(create.request);
        events.clear();
        return id;
    }

    @Test
    void theFiltersFirstPassTakesOverTheStateOpenedBeforeItAndLoadsNothingMore() throws Exception {
        String id = storedSession("caller", "alice");
        FakeExchange exchange = new FakeExchange("/secure", "SESSION=" + id);
        Object caller = sessions.call(exchange.request, exchange.response,
                (request, response) -> request.getSession(false).getAttribute("caller"));
        assertEquals("alice", caller);

        RequestSessionState state = (RequestSessionState) exchange.requestAttributes.get(RequestSessionState.ATTRIBUTE);
        assertNotNull(state, "the state travels on the container's request");
        assertTrue(state.enterFilter(), "the filter's pass that follows is its first");
        assertFalse(state.enterFilter(), "an error dispatch after it is not");
        assertEquals("alice", state.getSession(false).getAttribute("caller"));
        state.finish();
        assertEquals(List.of("store LOAD OK"), events.lines("store "), "one load for the module and the application");
    }

    @Test
    void aSecondCallOnOneRequestSeesTheSameSession() throws Exception {
        String id = storedSession("caller", "alice");
        FakeExchange exchange = new FakeExchange("/logout", "SESSION=" + id);
        HttpSession first = sessions.call(exchange.request, exchange.response, (request, response) -> request.getSession(false));
        HttpSession second = sessions.call(exchange.request, exchange.response, (request, response) -> request.getSession(false));
        assertSame(first, second);
    }

    @Test
    void aResponseTheCallerAnswersSavesBeforeItCommitsAndFinishSendsTheCookie() throws Exception {
        FakeExchange exchange = new FakeExchange("/secure", null);
        String id = sessions.call(exchange.request, exchange.response, (request, response) -> {
            HttpSession session = request.getSession();
            session.setAttribute("saved-url", "/secure?x=1");
            response.sendRedirect("/login");
            return session.getId();
        });
        assertEquals(List.of("created", "store CREATE OK"), events.lines("created", "store "),
                "stored before the redirect went out");
        sessions.finish(exchange.request);
        assertEquals(1, exchange.setCookies().size(), exchange.setCookies().toString());
        assertTrue(exchange.setCookies().get(0).startsWith("SESSION=" + id + ";"));

        FakeExchange next = new FakeExchange("/login", "SESSION=" + id);
        assertEquals("/secure?x=1", sessions.call(next.request, next.response,
                (request, response) -> request.getSession(false).getAttribute("saved-url")));
    }

    @Test
    void finishInsideTheFiltersPassLeavesTheEndToTheFilter() throws Exception {
        String id = storedSession("caller", "alice");
        FakeExchange exchange = new FakeExchange("/authenticate", "SESSION=" + id);
        sessions.call(exchange.request, exchange.response, (request, response) -> request.getSession(false));
        RequestSessionState state = (RequestSessionState) exchange.requestAttributes.get(RequestSessionState.ATTRIBUTE);
        assertTrue(state.enterFilter());
        sessions.call(exchange.request, exchange.response, (request, response) -> {
            request.getSession(false).setAttribute("saved-url", "/x");
            return null;
        });
        sessions.finish(exchange.request);
        assertEquals(List.of(), events.requests(), "the request is not reported done before the filter's pass ends");
        state.finish();
        assertEquals(1, events.requests().size());
        assertEquals(List.of("store LOAD OK", "store SAVE OK"), events.lines("store "));
    }

    @Test
    void aRequestTheFilterNeverSawIsEndedOnceHoweverOftenFinishIsCalled() throws Exception {
        String id = storedSession("caller", "alice");
        FakeExchange refused = new FakeExchange("/secure", "SESSION=" + id);
        sessions.call(refused.request, refused.response, (request, response) -> request.getSession(false));
        sessions.finish(refused.request);
        sessions.finish(refused.request);
        assertEquals(1, events.requests().size(), "reported done once");
        assertEquals(List.of("store LOAD OK"), events.lines("store "), "nothing changed, nothing more sent");
    }

    @Test
    void theLockTakenBeforeTheFilterIsReleasedWhenTheContainerRefusedTheRequest() throws Exception {
        String id = storedSession("v", "1");
        SessionsBeforeFilter locking = new SessionsBeforeFilter(manager(Map.of("lock.mode", "exclusive",
                "lock.wait-timeout", "200ms")), 1_000_000_000L);
        FakeExchange refused = new FakeExchange("/secure", "SESSION=" + id);
        locking.call(refused.request, refused.response, (request, response) -> request.getSession(false));
        locking.finish(refused.request);
        assertEquals(List.of("store LOCK_AND_LOAD OK", "store SAVE OK"), events.lines("store "), "loaded with the lock, released");

        events.clear();
        FakeExchange next = new FakeExchange("/secure", "SESSION=" + id);
        assertEquals("1", locking.call(next.request, next.response, (request, response) -> request.getSession(false).getAttribute("v")));
        assertEquals(List.of("store LOCK_AND_LOAD OK"), events.lines("store "), "taken at once");
    }

    @Test
    void aFailureOfTheSessionLayerIsAnsweredAsTheFilterAnswersItAndAnyOtherIsLeftToTheCaller() throws Exception {
        FakeExchange busy = new FakeExchange("/secure", null);
        assertTrue(sessions.respondToFailure(new SessionBusyException("session … stayed locked"), busy.request, busy.response));
        assertEquals(503, busy.status);
        assertEquals(List.of("1"), busy.headers.get("Retry-After"));
        assertTrue(busy.body.toString(StandardCharsets.UTF_8).contains("busy"), busy.body.toString());

        FakeExchange other = new FakeExchange("/secure", null);
        assertFalse(sessions.respondToFailure(new IllegalStateException("the application's"), other.request, other.response));
        assertEquals(200, other.status);
    }

    @Test
    void finishOnARequestNeverCalledDoesNothing() {
        FakeExchange exchange = new FakeExchange("/static", null);
        sessions.finish(exchange.request);
        assertEquals(List.of(), events.lines("store "));
        assertEquals(List.of(), exchange.setCookies());
    }

    @Test
    void theFirstFilterToStartIsPublishedAndOnlyItWithdrawsItself() {
        ServletContext context = context();
        assertNull(SessionsBeforeFilter.of(context));
        SessionsBeforeFilter other = new SessionsBeforeFilter(manager, 1);
        sessions.publish(context);
        other.publish(context);
        assertSame(sessions, SessionsBeforeFilter.of(context));
        other.withdraw(context);
        assertSame(sessions, SessionsBeforeFilter.of(context));
        sessions.withdraw(context);
        assertNull(SessionsBeforeFilter.of(context));
    }

    private static ServletContext context() {
        Map<String, Object> attributes = new HashMap<>();
        return (ServletContext) Proxy.newProxyInstance(SessionsBeforeFilterTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    default -> throw new UnsupportedOperationException("context." + method.getName());
                });
    }
}
