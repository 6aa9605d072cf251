package dev.portablesession.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.internal.codec.AttributeCodec;
import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.event.FanOutEvents;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.ExpiryIndex;
import dev.portablesession.internal.store.InMemorySessionStore;
import dev.portablesession.internal.store.LockAttempt;
import dev.portablesession.internal.store.SaveOutcome;
import dev.portablesession.internal.store.SessionStore;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The session facade's logic, saved through the request's writer, against the in-memory store. */
class SessionFacadeTest {

    /** Counts what the session asks of the store. */
    private static final class CountingStore implements SessionStore {
        final InMemorySessionStore memory = new InMemorySessionStore();
        int creates;
        int saves;
        final List<SessionChanges> saved = new ArrayList<>();

        @Override
        public Optional<StoredSession> load(String id, long now) {
            return memory.load(id, now);
        }

        @Override
        public LockAttempt lockAndLoad(String id, long now, long leaseMillis) {
            return memory.lockAndLoad(id, now, leaseMillis);
        }

        @Override
        public void create(StoredSession session) {
            creates++;
            memory.create(session);
        }

        @Override
        public SaveOutcome save(SessionChanges changes) {
            saves++;
            saved.add(changes);
            return memory.save(changes);
        }

        @Override
        public SaveOutcome changeId(String oldId, SessionChanges changes) {
            return memory.changeId(oldId, changes);
        }

        @Override
        public SaveOutcome delete(String id, SessionLock lock) {
            return memory.delete(id, lock);
        }

        @Override
        public List<StoredSession> claimExpired(long now, int limit, long claimMillis) {
            return memory.claimExpired(now, limit, claimMillis);
        }

        @Override
        public void finishExpired(List<String> ids) {
            memory.finishExpired(ids);
        }

        @Override
        public List<StoredSession> sessionsOf(String principal, long now) {
            return memory.sessionsOf(principal, now);
        }

        @Override
        public OptionalLong countActive(long now) {
            return memory.countActive(now);
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    /** Counts decodes and encodes, to prove attributes decode lazily and are encoded no more than needed. */
    private static final class CountingCodec implements AttributeCodec {
        final AttributeCodec json = new JsonAttributeCodec(List.of("dev.portablesession.internal.filter.*"),
                SessionFacadeTest.class.getClassLoader());
        final AtomicInteger decodes = new AtomicInteger();
        final AtomicInteger encodes = new AtomicInteger();

        @Override
        public byte[] encode(String name, Object value) {
            encodes.incrementAndGet();
            return json.encode(name, value);
        }

        @Override
        public byte[] encode(String name, Object value, byte[] previous) {
            encodes.incrementAndGet();
            return json.encode(name, value, previous);
        }

        @Override
        public Object decode(String name, byte[] data) {
            decodes.incrementAndGet();
            return json.decode(name, data);
        }
    }

    private final CountingStore store = new CountingStore();
    private final RecordingEvents events = new RecordingEvents();
    private final CountingCodec codec = new CountingCodec();

    private SessionManager manager(int maxAttributeSize, DecodeFailurePolicy policy) {
        Settings settings = Settings.load(SettingSources.builder().programmatic(Map.of(
                "attribute.max-size", Integer.toString(maxAttributeSize), "attribute.decode-failure", policy.configValue())));
        return new SessionManager(store, codec, null, new SessionCookie(settings, "", List.of()), settings, 1800,
                new FanOutEvents(List.of(new LoggingEvents(), new BindingListenerEvents(), events)));
    }

    private final SessionManager manager = manager(1 << 20, DecodeFailurePolicy.DROP);

    private SessionFacade savedSession(Map<String, Object> attributes) {
        SessionFacade session = manager.newSession();
        attributes.forEach(session::setAttribute);
        save(session, false);
        return session;
    }

    private SessionFacade reload(String id) {
        return load(manager, id);
    }

    private static SessionFacade load(SessionManager manager, String id) {
        return new SessionWriter(manager, "/", false).load(id);
    }

    /** Saves as one request's writer does, at the end of a dispatch or ({@code committing}) before the response commits. */
    private void save(SessionFacade session, boolean committing) {
        new SessionWriter(manager, "/", false).save(session, committing, false);
    }

    @Test
    void newSessionIsNewAndReachesTheStoreOnlyWhenSaved() {
        SessionFacade session = manager.newSession();
        assertTrue(session.isNew());
        assertEquals(0, store.creates);
        session.setAttribute("user", "alice");
        save(session, false);
        assertEquals(1, store.creates);
        assertTrue(session.isNew(), "still new for the rest of the request that created it");
        assertFalse(reload(session.getId()).isNew());
    }

    @Test
    void attributesDecodeLazilyAndOnlyOnce() {
        String id = savedSession(Map.of("a", "1", "b", List.of(1, 2), "c", 3L)).getId();
        SessionFacade loaded = reload(id);
        assertEquals(0, codec.decodes.get());
        assertEquals(List.of("a", "b", "c"), sorted(Collections.list(loaded.getAttributeNames())));
        assertEquals(0, codec.decodes.get(), "listing names decodes nothing");
        assertEquals(3L, loaded.getAttribute("c"));
        assertEquals(3L, loaded.getAttribute("c"));
        assertEquals(1, codec.decodes.get());
    }

    @Test
    void saveWritesOnlyWhatChanged() {
        String id = savedSession(Map.of("a", "1", "b", new ArrayList<>(List.of("x")), "c", "3")).getId();
        SessionFacade loaded = reload(id);
        loaded.getAttribute("a");
        loaded.getAttribute("b");
        save(loaded, false);
        assertEquals(0, store.saves, "reading changes nothing");

        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) loaded.getAttribute("b");
        list.add("y");
        loaded.setAttribute("a", "1");
        loaded.removeAttribute("c");
        save(loaded, false);
        assertEquals(1, store.saves);
        SessionChanges changes = store.saved.get(0);
        assertEquals(List.of("b"), List.copyOf(changes.setAttributes().keySet()), "only the list changed in place");
        assertEquals(java.util.Set.of("c"), changes.removedAttributes());

        save(loaded, false);
        assertEquals(1, store.saves, "a second save with nothing new costs nothing");
        assertEquals(List.of("x", "y"), reload(id).getAttribute("b"));
    }

    @Test
    void changesAfterAnEarlierSaveAreSavedToo() {
        SessionFacade session = manager.newSession();
        List<String> cart = new ArrayList<>();
        session.setAttribute("cart", cart);
        save(session, false);
        cart.add("apple");
        save(session, false);
        assertEquals(List.of("apple"), reload(session.getId()).getAttribute("cart"));
    }

    @Test
    void inPlaceChangesAreLookedForUntilTheSaveAtCommitAndAgainOnceTheValueIsHandedOut() {
        String id = savedSession(Map.of("cart", new ArrayList<>(List.of("apple")), "note", new ArrayList<>(List.of("n"))))
                .getId();
        SessionFacade loaded = reload(id);
        @SuppressWarnings("unchecked")
        List<String> cart = (List<String>) loaded.getAttribute("cart");
        cart.add("pear");
        codec.encodes.set(0);
        save(loaded, true);
        assertEquals(1, codec.encodes.get(), "the cart, read, is encoded once; the note, never read, not at all");
        assertEquals(List.of("apple", "pear"), reload(id).getAttribute("cart"));

        save(loaded, true);
        assertEquals(1, codec.encodes.get(), "not handed out since the save at commit: not encoded again");

        @SuppressWarnings("unchecked")
        List<String> again = (List<String>) loaded.getAttribute("cart");
        again.add("plum");
        save(loaded, true);
        assertEquals(2, codec.encodes.get());
        assertEquals(List.of("apple", "pear", "plum"), reload(id).getAttribute("cart"));
    }

    @Test
    void unchangedValueEncodesToTheStoredBytesAndCostsNoWrite() {
        String id = savedSession(Map.of("cart", new ArrayList<>(List.of("apple")))).getId();
        int savesBefore = store.saves;
        SessionFacade loaded = reload(id);
        loaded.getAttribute("cart");
        loaded.setAttribute("cart", new ArrayList<>(List.of("apple")));
        save(loaded, true);
        assertEquals(savesBefore, store.saves, "an equal value, read or set, writes nothing");
    }

    @Test
    void oversizedAttributeIsRefusedAndTheOldValueKept() {
        SessionManager small = manager(1024, DecodeFailurePolicy.DROP);
        SessionFacade session = small.newSession();
        session.setAttribute("note", "short");
        AttributeEncodingException refused = assertThrows(AttributeEncodingException.class,
                () -> session.setAttribute("note", "x".repeat(5000)));
        assertTrue(refused.getMessage().contains("\"note\"") && refused.getMessage().contains("attribute.max-size"),
                refused.getMessage());
        assertEquals("short", session.getAttribute("note"));
    }

    @Test
    void undecodableAttributePolicies() {
        String id = savedSession(Map.of("ok", "fine")).getId();
        store.save(new SessionChanges(id, null, Map.of("bad", "{not json".getBytes(StandardCharsets.UTF_8)), java.util.Set.of()));

        SessionFacade dropped = load(manager(1 << 20, DecodeFailurePolicy.DROP), id);
        assertNull(dropped.getAttribute("bad"));
        assertEquals("fine", dropped.getAttribute("ok"));
        assertFalse(Collections.list(dropped.getAttributeNames()).contains("bad"));
        save(dropped, false);
        assertTrue(store.load(id, System.currentTimeMillis()).orElseThrow().attributes().containsKey("bad"), "drop keeps it");

        SessionManager failing = manager(1 << 20, DecodeFailurePolicy.FAIL);
        assertThrows(IllegalStateException.class, () -> load(failing, id).getAttribute("bad"));

        SessionManager removing = manager(1 << 20, DecodeFailurePolicy.REMOVE);
        SessionFacade removed = load(removing, id);
        assertNull(removed.getAttribute("bad"));
        new SessionWriter(removing, "/", false).save(removed, false, false);
        assertFalse(store.load(id, System.currentTimeMillis()).orElseThrow().attributes().containsKey("bad"), "remove deletes it");
    }

    /** Records binding events; a plain bean, so the JSON codec can store it. */
    public static final class Listener implements HttpSessionBindingListener {
        static final List<String> EVENTS = new ArrayList<>();
        public String label;

        public Listener() {
        }

        Listener(String label) {
            this.label = label;
        }

        @Override
        public void valueBound(HttpSessionBindingEvent event) {
            EVENTS.add("bound " + label + " as " + event.getName());
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            EVENTS.add("unbound " + label + " as " + event.getName());
        }
    }

    @Test
    void bindingListenersHearSetReplaceRemoveAndInvalidate() {
        List<String> events = Listener.EVENTS;
        events.clear();
        SessionFacade session = manager.newSession();
        Listener one = new Listener("one");
        Listener two = new Listener("two");
        Listener three = new Listener("three");
        session.setAttribute("x", one);
        session.setAttribute("x", one);
        session.setAttribute("x", two);
        session.removeAttribute("x");
        session.setAttribute("y", three);
        session.invalidate();
        assertEquals(List.of("bound one as x", "bound two as x", "unbound one as x", "unbound two as x",
                "bound three as y", "unbound three as y"), events, "setting the same object again tells it nothing");
    }

    @Test
    void invalidatedSessionRefusesUseAndIsDeleted() {
        SessionFacade session = savedSession(Map.of("a", "1"));
        SessionFacade loaded = reload(session.getId());
        loaded.invalidate();
        assertThrows(IllegalStateException.class, () -> loaded.getAttribute("a"));
        assertThrows(IllegalStateException.class, () -> loaded.setAttribute("a", "2"));
        assertThrows(IllegalStateException.class, loaded::getCreationTime);
        assertThrows(IllegalStateException.class, loaded::isNew);
        assertThrows(IllegalStateException.class, loaded::invalidate);
        assertEquals("1", reload(session.getId()).getAttribute("a"), "deleted by the next save, not before");
        save(loaded, false);
        assertNull(reload(session.getId()));
    }

    @Test
    void concurrentInvalidateIsNotUndoneBySave() {
        SessionFacade session = savedSession(Map.of("a", "1"));
        SessionFacade first = reload(session.getId());
        SessionFacade second = reload(session.getId());
        first.invalidate();
        save(first, false);
        second.setAttribute("a", "2");
        save(second, false);
        assertNull(reload(session.getId()), "the save found the session gone and wrote nothing");
        assertFalse(second.isValid());
    }

    @Test
    void changeIdMovesTheSessionAtSave() {
        SessionFacade session = savedSession(Map.of("user", "alice"));
        String oldId = session.getId();
        SessionFacade loaded = reload(oldId);
        String newId = loaded.changeId("B".repeat(43));
        loaded.setAttribute("role", "admin");
        save(loaded, false);
        assertNull(reload(oldId));
        SessionFacade moved = reload(newId);
        assertEquals("alice", moved.getAttribute("user"));
        assertEquals("admin", moved.getAttribute("role"));
    }

    @Test
    void nullNameIsRejectedAndNullValueRemoves() {
        SessionFacade session = manager.newSession();
        assertThrows(IllegalArgumentException.class, () -> session.setAttribute(null, "x"));
        session.setAttribute("a", "1");
        session.setAttribute("a", null);
        assertNull(session.getAttribute("a"));
        assertFalse(session.getAttributeNames().hasMoreElements());
    }

    @Test
    void maxInactiveIntervalIsPerSessionAndSaved() {
        SessionFacade session = savedSession(Map.of());
        SessionFacade loaded = reload(session.getId());
        assertEquals(1800, loaded.getMaxInactiveInterval());
        loaded.setMaxInactiveInterval(60);
        save(loaded, false);
        assertEquals(60, reload(session.getId()).getMaxInactiveInterval());
    }

    private static List<String> sorted(List<String> names) {
        List<String> copy = new ArrayList<>(names);
        Collections.sort(copy);
        return copy;
    }

    @Test
    void anExpiredSessionIsReportedFirstWithItsAttributesThenTheirRemovalsAndOnlyTheClaimerCallsTheStore() {
        Listener.EVENTS.clear();
        List<String> seen = new ArrayList<>();
        SessionEvents reader = new SessionEvents() {
            @Override
            public void sessionExpired(HttpSession session) {
                seen.add("expired, cart=" + session.getAttribute("cart") + ", listener="
                        + ((Listener) session.getAttribute("listener")).label);
            }

            @Override
            public void attributeRemoved(HttpSession session, String name, Object value) {
                seen.add("removed " + name);
            }
        };
        InMemorySessionStore memory = new InMemorySessionStore(ExpiryIndex.kept(Duration.ofMinutes(1)));
        Settings settings = Settings.load(SettingSources.builder().programmatic(Map.of()));
        SessionManager expiring = new SessionManager(memory, codec, null, new SessionCookie(settings, "", List.of()), settings, 1800,
                new FanOutEvents(List.of(new BindingListenerEvents(), reader, events)));
        String id = SessionIds.generate();
        long due = System.currentTimeMillis() - 100;
        Map<String, byte[]> attributes = new HashMap<>();
        attributes.put("cart", codec.encode("cart", "apples"));
        attributes.put("listener", codec.encode("listener", new Listener("l")));
        memory.create(new StoredSession(id, due - 1000, due - 1000, 1, attributes));

        assertEquals(1, new ExpiryPoller(expiring, Duration.ofSeconds(1), getClass().getClassLoader(), "test").pollOnce());
        assertEquals("expired, cart=apples, listener=l", seen.get(0), "first, with the attributes readable");
        assertEquals(Set.of("removed cart", "removed listener"), Set.copyOf(seen.subList(1, seen.size())));
        assertEquals(List.of("unbound l as listener"), Listener.EVENTS, "HttpSessionBindingListener.valueUnbound");
        assertEquals(List.of("store CLAIM_EXPIRED OK", "store FINISH_EXPIRED OK"), events.lines("store"));
        assertEquals(List.of(), memory.claimExpired(System.currentTimeMillis() + 120_000, 10, 60_000), "finished: gone");
    }
}
