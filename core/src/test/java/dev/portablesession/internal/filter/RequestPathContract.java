package dev.portablesession.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.event.FanOutEvents;
import dev.portablesession.internal.event.RequestSummary;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.event.StoreCall;
import dev.portablesession.internal.event.StoreOperation;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.store.SessionStore;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The request path without a container: {@link RequestSessionState}, its {@link SessionWriter}
 * and the response wrapper, driven as a container would drive them, with every store call
 * counted through the event seam. Run against the in-memory store and a real Redis.
 */
abstract class RequestPathContract {

    private static final long LEASE_MILLIS = 100;

    /** A fresh, empty store; closed by the test's owner. */
    protected abstract SessionStore store();

    private final RecordingEvents events = new RecordingEvents();
    private SessionManager unlocked;
    private SessionManager exclusive;

    private SessionManager unlocked() {
        if (unlocked == null) {
            unlocked = manager(Map.of());
        }
        return unlocked;
    }

    private SessionManager exclusive() {
        if (exclusive == null) {
            exclusive = manager(Map.of("lock.mode", "exclusive", "lock.lease", LEASE_MILLIS + "ms",
                    "lock.wait-timeout", "2s"));
        }
        return exclusive;
    }

    private SessionManager manager(Map<String, String> values) {
        Settings settings = Settings.load(SettingSources.builder().programmatic(values));
        return new SessionManager(store(), new JsonAttributeCodec(List.of(), getClass().getClassLoader()), null,
                new SessionCookie(settings, "", List.of()), settings, 1800,
                new FanOutEvents(List.of(new LoggingEvents(), new BindingListenerEvents(), events)));
    }

    /** One request: its exchange and the state the filter would make for it. */
    private static final class Request {
        final FakeExchange exchange;
        final RequestSessionState state;
        final SessionResponseWrapper response;

        Request(SessionManager manager, String uri, String sessionId) {
            exchange = new FakeExchange(uri, sessionId == null ? null : "SESSION=" + sessionId);
            state = new RequestSessionState(manager, exchange.request, exchange.response);
            response = new SessionResponseWrapper(exchange.response, state);
        }

        HttpSession session() {
            return state.getSession(true);
        }
    }

    private String storedSessionWith(SessionManager manager, String name, Object value) {
        Request create = new Request(manager, "/create", null);
        create.session().setAttribute(name, value);
        create.state.finish();
        events.clear();
        return create.session().getId();
    }

    private Object storedValue(String id, String name) {
        Request read = new Request(unlocked(), "/read", id);
        HttpSession session = read.state.getSession(false);
        assertNotNull(session, "session " + id + " is stored");
        return session.getAttribute(name);
    }

    private List<String> storeCalls() {
        return events.lines("store ");
    }

    // ---- a new session whose only value was refused is not stored ----

    /** Encodes with neither codec: not Serializable, no properties, not on the allow-list. */
    private static final class Unencodable {
        private final Thread thread = Thread.currentThread();
    }

    @Test
    void aNewSessionWhoseOnlyValueWasRefusedIsNeitherStoredNorSentAsACookie() {
        Request failing = new Request(unlocked(), "/failing", null);
        HttpSession session = failing.session();
        assertThrows(AttributeEncodingException.class, () -> session.setAttribute("bad", new Unencodable()));
        failing.state.finish();

        assertEquals(List.of(), storeCalls(), "nothing written: no empty session left behind in the store");
        assertEquals(List.of(), List.copyOf(failing.exchange.response.getHeaders("Set-Cookie")), "no cookie");
        assertNull(new Request(unlocked(), "/next", session.getId()).state.getSession(false));
    }

    @Test
    void aNewSessionIsStoredOnceAValueEncodesAfterARefusal() {
        Request request = new Request(unlocked(), "/retry", null);
        HttpSession session = request.session();
        assertThrows(AttributeEncodingException.class, () -> session.setAttribute("bad", new Unencodable()));
        session.setAttribute("good", "kept");
        request.state.finish();

        assertEquals(List.of("store CREATE OK"), storeCalls());
        assertEquals(1, request.exchange.response.getHeaders("Set-Cookie").size());
        assertEquals("kept", storedValue(session.getId(), "good"));
    }

    // ---- session limits: refused at setAttribute, counted over what is stored too ----

    @Test
    void anAttributeBeyondSessionMaxAttributesIsRefusedAndNothingIsLost() {
        SessionManager limited = manager(Map.of("session.max-attributes", "3"));
        String id = storedSessionWith(limited, "a", "1");
        Request second = new Request(limited, "/more", id);
        second.session().setAttribute("b", "2");
        second.session().setAttribute("c", "3");
        second.session().setAttribute("a", "replaced");
        AttributeEncodingException refused = assertThrows(AttributeEncodingException.class,
                () -> second.session().setAttribute("d", "4"));
        assertEquals("attribute \"d\" (java.lang.String) would be attribute 4 of the session, over the limit of 3; "
                + "keep fewer attributes or raise the setting session.max-attributes", refused.getMessage());
        second.session().removeAttribute("b");
        second.session().setAttribute("d", "4");
        second.state.finish();

        assertEquals("replaced", storedValue(id, "a"));
        assertNull(storedValue(id, "b"));
        assertEquals("4", storedValue(id, "d"));
        Request third = new Request(limited, "/again", id);
        assertThrows(AttributeEncodingException.class, () -> third.session().setAttribute("e", "5"),
                "the three stored attributes count in a later request");
    }

    @Test
    void aValueTakingTheSessionBeyondSessionMaxSizeIsRefusedAndNothingIsLost() {
        SessionManager limited = manager(Map.of("session.max-size", "4KiB"));
        String id = storedSessionWith(limited, "first", "x".repeat(3000));
        Request second = new Request(limited, "/more", id);
        AttributeEncodingException refused = assertThrows(AttributeEncodingException.class,
                () -> second.session().setAttribute("second", "y".repeat(1500)));
        assertTrue(refused.getMessage().startsWith("attribute \"second\" (java.lang.String) is 1502 bytes encoded and "
                + "would take the session's attributes to 4504 bytes, over the limit of 4096 bytes"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("raise the setting session.max-size"), refused.getMessage());
        second.session().setAttribute("first", "z".repeat(1000));
        second.session().setAttribute("second", "y".repeat(1500));
        second.state.finish();

        assertEquals("z".repeat(1000), storedValue(id, "first"));
        assertEquals("y".repeat(1500), storedValue(id, "second"));
    }

    // ---- the defect: a request that lost its lock must write nothing more ----

    @Test
    void aRequestThatLostItsLockWritesNothingMoreNotEvenAtItsEnd() throws InterruptedException {
        String id = storedSessionWith(exclusive(), "v", "initial");
        Request stalled = new Request(exclusive(), "/stalled", id);
        stalled.session().setAttribute("v", "stalled");
        Thread.sleep(LEASE_MILLIS * 3);

        Request next = new Request(exclusive(), "/next", id);
        next.session().setAttribute("v", "next");
        next.state.finish();
        assertEquals(List.of("store LOCK_AND_LOAD OK", "store LOCK_AND_LOAD OK", "store SAVE OK"), storeCalls());

        events.clear();
        assertThrows(SessionLockLostException.class, stalled.state::saveBeforeCommit);
        assertEquals(SessionLock.LOST, lockOf(stalled));
        assertThrows(SessionLockLostException.class, stalled.state::finish, "the changes are still not saved");
        assertThrows(SessionLockLostException.class, stalled.state::save);
        assertEquals(List.of("store SAVE FENCED", "lock-lost /stalled"), events.lines("store ", "lock-lost"),
                "one refused write, then nothing");
        assertEquals("next", storedValue(id, "v"));
    }

    @Test
    void aRequestThatLostItsLockWritesNothingWhenItsResponseCommitsByRedirectOrFlush() throws Exception {
        String id = storedSessionWith(exclusive(), "v", "initial");
        Request stalled = new Request(exclusive(), "/stalled", id);
        stalled.session().setAttribute("v", "stalled");
        Thread.sleep(LEASE_MILLIS * 3);
        Request next = new Request(exclusive(), "/next", id);
        next.session().setAttribute("v", "next");
        next.state.finish();

        assertThrows(SessionLockLostException.class, () -> stalled.response.sendRedirect("/elsewhere"));
        assertEquals(List.of(), stalled.exchange.actions, "the filter answers 503 instead of the redirect");
        stalled.session().setAttribute("v", "later");
        stalled.response.flushBuffer();
        assertThrows(SessionLockLostException.class, stalled.state::finish);
        assertEquals(1, events.lines("store SAVE FENCED").size());
        assertEquals(1, events.lines("store SAVE OK").size(), "only the next holder's save went through");
        assertEquals("next", storedValue(id, "v"));
    }

    @Test
    void aLockHeldToTheEndIsReleasedByTheLastSave() {
        String id = storedSessionWith(exclusive(), "v", "1");
        Request first = new Request(exclusive(), "/first", id);
        assertEquals("1", first.session().getAttribute("v"));
        assertInstanceOf(SessionLock.Held.class, lockOf(first));
        first.state.finish();
        assertEquals(SessionLock.NONE, lockOf(first));
        assertEquals(List.of("store LOCK_AND_LOAD OK", "store SAVE OK"), storeCalls(), "a read costs the unlock too");

        events.clear();
        Request second = new Request(exclusive(), "/second", id);
        second.session().setAttribute("v", "2");
        second.state.finish();
        assertEquals(List.of("store LOCK_AND_LOAD OK", "store SAVE OK"), storeCalls(), "taken at once, written and released in one");
        assertEquals("2", storedValue(id, "v"));
    }

    @Test
    void aWaitForTheLockIsReported() throws InterruptedException {
        // A lease long enough that the waiter cannot simply outlast it on a busy machine.
        SessionManager patient = manager(Map.of("lock.mode", "exclusive", "lock.lease", "10s", "lock.wait-timeout", "10s"));
        String id = storedSessionWith(patient, "v", "1");
        Request holder = new Request(patient, "/holder", id);
        holder.session();
        Thread waiter = new Thread(() -> new Request(patient, "/waiter", id).session());
        waiter.start();
        for (int i = 0; i < 200 && events.lines("store LOCK_AND_LOAD BUSY").isEmpty(); i++) {
            Thread.sleep(5);
        }
        holder.state.finish();
        waiter.join(5_000);
        assertEquals(List.of("lock-waited acquired"), events.lines("lock-waited"));
    }

    // ---- what each kind of request sends ----

    @Test
    void aRequestThatNeverTouchesTheSessionSendsNothing() {
        String id = storedSessionWith(unlocked(), "v", "1");
        Request request = new Request(unlocked(), "/static", id);
        request.state.saveBeforeCommit();
        request.state.finish();
        assertEquals(List.of(), storeCalls());
        assertEquals(List.of(), request.exchange.setCookies());
    }

    @Test
    void aReadSendsOneLoadAndAChangeOneSaveMore() {
        String id = storedSessionWith(unlocked(), "v", "1");
        Request read = new Request(unlocked(), "/read", id);
        assertEquals("1", read.session().getAttribute("v"));
        read.state.saveBeforeCommit();
        read.state.finish();
        assertEquals(List.of("store LOAD OK"), storeCalls());

        events.clear();
        Request write = new Request(unlocked(), "/write", id);
        write.session().setAttribute("v", "2");
        write.state.saveBeforeCommit();
        write.state.finish();
        assertEquals(List.of("store LOAD OK", "store SAVE OK"), storeCalls(), "saved before the commit, not again at the end");
        assertEquals(List.of(), write.exchange.setCookies(), "the client has the id already");
    }

    @Test
    void eachRequestIsSummedUpOnceWithItsOwnStoreCalls() {
        String id = storedSessionWith(unlocked(), "v", "1");
        Request write = new Request(unlocked(), "/write", id);
        write.session().setAttribute("v", "22");
        write.state.saveBeforeCommit();
        write.state.finish();
        write.state.finish();
        Request untouched = new Request(unlocked(), "/static", id);
        untouched.state.finish();

        List<RequestSummary> requests = events.requests();
        assertEquals(1, requests.size(), "one summary per request that used its session, however often it finishes");
        RequestSummary written = requests.get(0);
        assertEquals("/write", written.requestUri());
        assertEquals(id, written.sessionId());
        assertEquals(List.of(StoreOperation.LOAD, StoreOperation.SAVE),
                written.storeCalls().stream().map(StoreCall::operation).toList());
        assertEquals("v".length() + "\"22\"".length(), written.bytesSent(), "the name and the JSON of the value");
        assertTrue(written.bytesReceived() > 0);
    }

    @Test
    void aNewSessionIsOneCreateAndACookie() {
        Request request = new Request(unlocked(), "/login", null);
        request.session().setAttribute("user", "alice");
        request.state.finish();
        assertEquals(List.of("created", "store CREATE OK"), events.lines("created", "store "));
        String id = request.session().getId();
        assertEquals(1, request.exchange.setCookies().size());
        assertTrue(request.exchange.setCookies().get(0).startsWith("SESSION=" + id + ";"), request.exchange.setCookies().toString());
        assertEquals("alice", storedValue(id, "user"));
    }

    @Test
    void anUnknownIdIsReportedAndCostsOneLoad() {
        Request request = new Request(unlocked(), "/", "A".repeat(43));
        assertNull(request.state.getSession(false));
        assertNull(request.state.getSession(false));
        assertEquals(List.of("store LOAD ABSENT", "not-found /"), events.lines("store ", "not-found"));
    }

    @Test
    void invalidateDeletesAtTheNextSaveAndExpiresTheCookie() throws Exception {
        String id = storedSessionWith(unlocked(), "v", "1");
        Request logout = new Request(unlocked(), "/logout", id);
        logout.session().invalidate();
        assertEquals(List.of("store LOAD OK"), storeCalls(), "invalidate itself sends nothing");
        logout.response.sendRedirect("/");
        assertEquals(List.of("store LOAD OK", "store DELETE OK"), storeCalls());
        assertEquals(List.of("redirect /"), logout.exchange.actions);
        assertTrue(logout.exchange.setCookies().get(0).contains("Max-Age=0"), logout.exchange.setCookies().toString());
        logout.state.finish();
        assertEquals(2, storeCalls().size(), "nothing more at the end");
        assertNull(new Request(unlocked(), "/", id).state.getSession(false));
    }

    @Test
    void aNewSessionAfterInvalidateDeletesTheOldOneFirst() {
        String id = storedSessionWith(exclusive(), "v", "1");
        Request login = new Request(exclusive(), "/login", id);
        login.session().invalidate();
        HttpSession fresh = login.session();
        fresh.setAttribute("user", "bob");
        login.state.finish();
        assertEquals(List.of("store LOCK_AND_LOAD OK", "store DELETE OK", "store CREATE OK"), storeCalls());
        assertEquals(SessionLock.NONE, lockOf(login), "the lock went with the deleted session");
        assertEquals("bob", storedValue(fresh.getId(), "user"));
        assertNull(new Request(unlocked(), "/", id).state.getSession(false));
    }

    @Test
    void changeSessionIdMovesTheSessionAndSendsTheNewId() {
        String id = storedSessionWith(exclusive(), "user", "alice");
        Request login = new Request(exclusive(), "/login", id);
        String newId = login.state.changeSessionId();
        login.session().setAttribute("role", "admin");
        login.state.finish();
        assertEquals(List.of("store LOCK_AND_LOAD OK", "id-changed", "store CHANGE_ID OK"), events.lines("id-changed", "store "));
        assertTrue(login.exchange.setCookies().get(0).startsWith("SESSION=" + newId + ";"));
        assertEquals("alice", storedValue(newId, "user"));
        assertEquals("admin", storedValue(newId, "role"));
        Request next = new Request(exclusive(), "/next", newId);
        next.session();
        next.state.finish();
        assertEquals(2, events.lines("store LOCK_AND_LOAD OK").size(), "the new id is not locked by the old holder");
    }

    @Test
    void changeSessionIdAfterTheCommitIsRefusedAndTheSessionKeepsItsId() throws Exception {
        String id = storedSessionWith(unlocked(), "user", "alice");
        Request late = new Request(unlocked(), "/late", id);
        late.session();
        late.response.flushBuffer();
        IllegalStateException refused = assertThrows(IllegalStateException.class, late.state::changeSessionId);
        assertTrue(refused.getMessage().contains("already committed"), refused.getMessage());
        assertTrue(!refused.getMessage().contains(id), "no session id in the message");
        late.state.finish();
        assertEquals(id, late.session().getId());
        assertEquals("alice", storedValue(id, "user"), "the client's id still finds the session");
    }

    @Test
    void aCookieTheResponseIgnoredIsSentByTheNextSave() {
        Request request = new Request(unlocked(), "/page", null);
        request.exchange.ignoresHeaders = true;
        String id = request.session().getId();
        request.state.save();
        assertEquals(List.of(), request.exchange.setCookies(), "ignored, as inside an include on Undertow");
        request.exchange.ignoresHeaders = false;
        request.state.finish();
        assertEquals(1, request.exchange.setCookies().size());
        assertTrue(request.exchange.setCookies().get(0).startsWith("SESSION=" + id + ";"));
    }

    // ---- saving before the response commits ----

    @Test
    void theSessionIsSavedBeforeARedirectCommitsTheResponse() throws Exception {
        Request request = new Request(unlocked(), "/login", null);
        request.session().setAttribute("user", "alice");
        request.response.sendRedirect("/home");
        // The fake drops headers set after the commit: the cookie's presence proves the order.
        assertEquals(1, request.exchange.setCookies().size());
        assertEquals(List.of("store CREATE OK"), storeCalls());
        request.state.finish();
        assertEquals(List.of("store CREATE OK"), storeCalls());
    }

    @Test
    void theSessionIsSavedBeforeTheDeclaredContentLengthIsReached() throws Exception {
        String id = storedSessionWith(unlocked(), "v", "1");
        Request request = new Request(unlocked(), "/", id);
        request.session().setAttribute("v", "2");
        request.response.setContentLength(5);
        request.response.getOutputStream().write("abcd".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("store LOAD OK"), storeCalls());
        request.response.getOutputStream().write('e');
        assertEquals(List.of("store LOAD OK", "store SAVE OK"), storeCalls());
        assertEquals("2", storedValue(id, "v"));
    }

    @Test
    void theSessionIsSavedBeforeTheBufferFillsAndOnFlush() throws Exception {
        Request big = new Request(unlocked(), "/big", null);
        big.session().setAttribute("v", "1");
        big.response.getOutputStream().write(new byte[FakeExchange.BUFFER_SIZE]);
        assertEquals(List.of("store CREATE OK"), storeCalls());
        assertEquals(1, big.exchange.setCookies().size());

        events.clear();
        Request flushed = new Request(unlocked(), "/flush", null);
        flushed.session().setAttribute("v", "1");
        flushed.response.flushBuffer();
        assertEquals(List.of("store CREATE OK"), storeCalls());
        assertEquals(1, flushed.exchange.setCookies().size());
    }

    @Test
    void aChangeAfterTheCommitIsStillSavedAtTheEnd() throws Exception {
        String id = storedSessionWith(unlocked(), "v", "1");
        Request request = new Request(unlocked(), "/", id);
        request.session().getAttribute("v");
        request.response.flushBuffer();
        request.session().setAttribute("v", "2");
        request.state.finish();
        assertEquals("2", storedValue(id, "v"));
    }

    @Test
    void aValueReadBeforeTheCommitIsNotLookedAtAfterItEvenWhenTheCommitHadNothingToSave() throws Exception {
        String id = storedSessionWith(unlocked(), "list", new ArrayList<>(List.of("apple")));
        Request request = new Request(unlocked(), "/", id);
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) request.session().getAttribute("list");
        request.response.flushBuffer();
        list.add("pear");
        request.state.finish();
        assertEquals(List.of("store LOAD OK"), storeCalls(), "the documented limit: the save at commit settles it");
        assertEquals(List.of("apple"), storedValue(id, "list"));
    }

    // ---- events ----

    @Test
    void listenerEventsComeInTheContainersOrderAndAThrowingListenerBreaksNothing() {
        Request request = new Request(unlocked(), "/", null);
        HttpSession session = request.session();
        session.setAttribute("a", "1");
        session.setAttribute("a", "2");
        session.setAttribute("b", "3");
        session.removeAttribute("b");
        session.invalidate();
        assertEquals(List.of("created", "bound a=1", "added a=1", "bound a=2", "unbound a=1", "replaced a was 1", "bound b=3",
                "added b=3", "unbound b=3", "removed b=3", "invalidated", "unbound a=2", "removed a=2"),
                events.lines("created", "bound", "unbound", "added", "replaced", "removed", "invalidated"));

        SessionManager throwing = new SessionManager(store(), new JsonAttributeCodec(List.of(), getClass().getClassLoader()),
                null, unlocked().cookie(), Settings.load(SettingSources.builder().programmatic(Map.of())), 1800,
                new FanOutEvents(List.of(new SessionEventsThatThrow(), events)));
        events.clear();
        Request survivor = new Request(throwing, "/", null);
        survivor.session().setAttribute("a", "1");
        survivor.state.finish();
        assertEquals(List.of("created", "bound a=1", "added a=1", "store CREATE OK"), events.lines());
        assertEquals("1", storedValue(survivor.session().getId(), "a"));
    }

    @Test
    void theSameObjectSetAgainIsBoundOnce() {
        Request request = new Request(unlocked(), "/", null);
        List<String> cart = new ArrayList<>();
        request.session().setAttribute("cart", cart);
        request.session().setAttribute("cart", cart);
        assertEquals(List.of("bound cart=[]"), events.lines("bound", "unbound"));
        assertEquals(List.of("added cart=[]", "replaced cart was []"), events.lines("added", "replaced"));
        assertSame(cart, request.session().getAttribute("cart"));
    }

    private static SessionLock lockOf(Request request) {
        return request.state.lock();
    }

    /** Fails on every event: the filter must go on as if it were not there. */
    private static final class SessionEventsThatThrow implements SessionEvents {
        @Override
        public void sessionCreated(HttpSession session) {
            throw new IllegalStateException("listener failure on created");
        }

        @Override
        public void valueBound(HttpSession session, String name, Object value) {
            throw new IllegalStateException("listener failure on bound");
        }

        @Override
        public void attributeAdded(HttpSession session, String name, Object value) {
            throw new IllegalStateException("listener failure on added");
        }

        @Override
        public void storeCall(StoreCall call) {
            throw new IllegalStateException("listener failure on store call");
        }
    }
}
