package dev.portablesession.internal.filter;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.codec.BuiltInTypes;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.StoredSession;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link HttpSession} a request sees: a working copy of the stored session, loaded once per
 * request. It never calls the store: it records what the request changes, and {@link SessionWriter}
 * asks it for those changes ({@link #pending}) and reports back what was written. Attributes are
 * decoded on first read. Only what differs from the store is written: attributes set or removed,
 * and attributes read and then changed in place (found by encoding them again and comparing bytes).
 *
 * <p>An attribute is looked at for in-place changes at every save after the application was
 * handed its value ({@code getAttribute}, {@code setAttribute}) until a save made as the response
 * commits; after that, only if the application is handed it again. So a request that reads the
 * cart, changes it and writes a response of known length encodes the cart once to save it before
 * the response commits, not a second time at its end.
 *
 * <p>Thread-safe: asynchronous request processing may share it between threads. Lifecycle events
 * go to {@link SessionEvents} outside this object's monitor, so a listener may use the session.
 */
final class SessionFacade implements HttpSession {

    /** Where the session is in its life; every other field's meaning follows from it. */
    enum Stage {
        /** Created by this request; not in the store until the first save. */
        NEW,
        /** In the store under {@link #storedId}; {@link #id} differs after {@code changeSessionId}. */
        STORED,
        /** Invalidated by this request; the next save deletes it from the store, if it is there. */
        INVALIDATED,
        /** Not in the store (deleted, or found gone by a save) and unusable. */
        GONE
    }

    private final SessionManager manager;
    private final SessionEvents events;
    private final long creationTime;
    private final long lastAccessedTime;
    /** Created by this request: the client does not know the session yet. */
    private final boolean isNew;
    private final Map<String, Attribute> attributes;
    /** Stored attributes removed since the last save. */
    private final Set<String> removed = new HashSet<>();
    private Stage stage;
    private String id;
    /** The id the session is stored under, or null while it exists only in this request. */
    private String storedId;
    private int maxInactiveInterval;
    /** The max inactive interval the store holds; a save writes {@link #maxInactiveInterval} when they differ. */
    private int storedMaxInactiveInterval;
    /** A value was refused by the codec while the session was new. */
    private boolean refusedWhileNew;
    /** Fetches an attribute the load deferred, by the id the session is stored under now. */
    private Fetcher fetcher = Fetcher.NONE;
    /** The user the session belongs to now ({@code principal} setting), or null. */
    private String principal;
    /** The user the store holds it under; a save writes {@link #principal} when they differ. */
    private String storedPrincipal;

    private SessionFacade(SessionManager manager, Stage stage, String id, long creationTime, long lastAccessedTime,
            int maxInactiveInterval, Map<String, Attribute> attributes) {
        this.manager = manager;
        this.events = manager.events();
        this.stage = stage;
        this.isNew = stage == Stage.NEW;
        this.id = id;
        this.storedId = stage == Stage.NEW ? null : id;
        this.creationTime = creationTime;
        this.lastAccessedTime = lastAccessedTime;
        this.maxInactiveInterval = maxInactiveInterval;
        this.storedMaxInactiveInterval = maxInactiveInterval;
        this.attributes = attributes;
    }

    /** A session that exists only in this request until it is saved. */
    static SessionFacade create(SessionManager manager, String id, long now, int maxInactiveInterval) {
        return new SessionFacade(manager, Stage.NEW, id, now, now, maxInactiveInterval, new LinkedHashMap<>());
    }

    /** How a session gets the attributes its load deferred ({@code attribute.lazy-above}). */
    @FunctionalInterface
    interface Fetcher {
        /** A session loaded whole never fetches. */
        Fetcher NONE = (id, name) -> {
            throw new IllegalStateException("attribute \"" + name + "\" was deferred by a load that cannot fetch it");
        };

        /** @return the attribute's stored bytes, or empty when it, or the session, is gone since */
        java.util.Optional<byte[]> fetch(String storedId, String name);
    }

    /** A session loaded from the store whole. */
    static SessionFacade loaded(SessionManager manager, StoredSession stored) {
        return loaded(manager, stored, Fetcher.NONE);
    }

    /** A session loaded from the store; {@code fetcher} brings the attributes the load deferred, when read. */
    static SessionFacade loaded(SessionManager manager, StoredSession stored, Fetcher fetcher) {
        Map<String, Attribute> attributes = new LinkedHashMap<>(Math.max(16, (stored.attributes().size()
                + stored.deferred().size()) * 2));
        stored.attributes().forEach((name, bytes) -> attributes.put(name, Attribute.stored(bytes)));
        stored.deferred().forEach((name, size) -> attributes.put(name, Attribute.deferred(size)));
        SessionFacade session = new SessionFacade(manager, Stage.STORED, stored.id(), stored.creationTime(),
                stored.lastAccessedTime(), stored.maxInactiveInterval(), attributes);
        session.principal = stored.principal();
        session.storedPrincipal = stored.principal();
        session.fetcher = fetcher;
        return session;
    }

    /** The user the session belongs to now, or null. */
    synchronized String principal() {
        return principal;
    }

    /** From now on the session belongs to {@code user} (null: nobody); the next save writes it. */
    synchronized void bindTo(String user) {
        principal = user;
    }

    /**
     * Whether this new session is kept out of the store: a value the request tried to set was
     * refused, and it holds nothing. Such a request typically ends in an error page; storing the
     * session and sending its cookie would leave an empty session behind in Redis for nothing.
     * Once the request sets a value that encodes, the session is stored as usual.
     */
    synchronized boolean withheld() {
        return stage == Stage.NEW && refusedWhileNew && attributes.isEmpty();
    }

    // ---- HttpSession ----

    @Override
    public synchronized long getCreationTime() {
        checkValid("getCreationTime");
        return creationTime;
    }

    @Override
    public synchronized String getId() {
        return id;
    }

    @Override
    public synchronized long getLastAccessedTime() {
        checkValid("getLastAccessedTime");
        return lastAccessedTime;
    }

    @Override
    public ServletContext getServletContext() {
        return manager.servletContext();
    }

    @Override
    public synchronized void setMaxInactiveInterval(int interval) {
        maxInactiveInterval = interval;
    }

    @Override
    public synchronized int getMaxInactiveInterval() {
        return maxInactiveInterval;
    }

    @Override
    public Object getAttribute(String name) {
        Object value;
        AttributeDecodingException failure = null;
        boolean loaded;
        synchronized (this) {
            checkValid("getAttribute");
            bringIn(name);
            Attribute attribute = attributes.get(name);
            if (attribute == null) {
                return null;
            }
            loaded = !attribute.decoded && !attribute.undecodable;
            try {
                value = decode(name, attribute);
            } catch (AttributeDecodingException e) {
                failure = e;
                value = null;
            }
            attribute.exposed = value != null;
        }
        if (loaded && value != null) {
            events.valueLoaded(this, name, value);
        }
        if (failure != null) {
            events.decodeFailed(name, failure, manager.decodeFailure());
            if (manager.decodeFailure() == DecodeFailurePolicy.FAIL) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }
        return value;
    }

    @Override
    public synchronized Enumeration<String> getAttributeNames() {
        checkValid("getAttributeNames");
        List<String> names = new ArrayList<>(attributes.size());
        attributes.forEach((name, attribute) -> {
            if (!attribute.undecodable) {
                names.add(name);
            }
        });
        return Collections.enumeration(names);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (name == null) {
            throw new IllegalArgumentException("attribute name must not be null");
        }
        if (value == null) {
            removeAttribute(name);
            return;
        }
        synchronized (this) {
            checkValid("setAttribute");
        }
        manager.principals().checkLogin(this, name, value);
        events.valueStoring(this, name, value);
        byte[] encoded = null;
        AttributeEncodingException refused = null;
        Object old = null;
        boolean oldLoaded = false;
        synchronized (this) {
            checkValid("setAttribute");
            try {
                encoded = manager.encode(name, value);
                checkLimits(name, value, encoded);
                bringIn(name);
                Attribute previous = attributes.get(name);
                oldLoaded = previous != null && !previous.decoded;
                old = previous == null ? null : decodeQuietly(name, previous);
            } catch (AttributeEncodingException e) {
                refused = e;
            }
        }
        if (refused != null) {
            synchronized (this) {
                refusedWhileNew |= stage == Stage.NEW;
            }
            events.encodeRefused(name, refused, false);
            throw refused;
        }
        if (oldLoaded && old != null) {
            events.valueLoaded(this, name, old);
        }
        if (old != value) {
            events.valueBound(this, name, value);
        }
        boolean replaced;
        synchronized (this) {
            checkValid("setAttribute");
            Attribute previous = attributes.put(name, Attribute.set(attributes.get(name), value, encoded));
            removed.remove(name);
            replaced = previous != null;
        }
        if (old != null && old != value) {
            events.valueUnbound(this, name, old);
        }
        if (replaced) {
            events.attributeReplaced(this, name, old);
        } else {
            events.attributeAdded(this, name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old;
        boolean loaded;
        synchronized (this) {
            checkValid("removeAttribute");
            // Fetched before anything changes: a failed fetch leaves the session as it was.
            bringIn(name);
            Attribute previous = attributes.remove(name);
            if (previous == null) {
                return;
            }
            if (previous.inStore) {
                removed.add(name);
            }
            loaded = !previous.decoded;
            old = decodeQuietly(name, previous);
        }
        if (loaded && old != null) {
            events.valueLoaded(this, name, old);
        }
        unbound(name, old);
    }

    @Override
    public void invalidate() {
        synchronized (this) {
            checkValid("invalidate");
            // The listeners get every value: fetched first, so a failed fetch leaves the session valid and untold.
            for (String name : List.copyOf(attributes.keySet())) {
                bringIn(name);
            }
        }
        events.sessionInvalidated(this);
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> loaded = new HashSet<>();
        synchronized (this) {
            checkValid("invalidate");
            attributes.forEach((name, attribute) -> {
                if (!attribute.decoded) {
                    loaded.add(name);
                }
                values.put(name, decodeQuietly(name, attribute));
            });
            attributes.clear();
            removed.clear();
            stage = Stage.INVALIDATED;
        }
        values.forEach((name, value) -> {
            if (value != null && loaded.contains(name)) {
                events.valueLoaded(this, name, value);
            }
        });
        values.forEach(this::unbound);
    }

    /**
     * Reports this session, claimed from the store past its due time, as expired, the way a
     * container expires its own sessions: {@link SessionEvents#sessionExpired} first, while the
     * attributes can still be read, then each attribute's unbinding and removal. Calls no store:
     * the expiry poller deletes the session afterwards.
     */
    void expire() {
        synchronized (this) {
            checkValid("expire");
        }
        events.sessionExpired(this);
        Map<String, Object> values = new LinkedHashMap<>();
        synchronized (this) {
            attributes.forEach((name, attribute) -> values.put(name, decodeQuietly(name, attribute)));
            attributes.clear();
            removed.clear();
            stage = Stage.GONE;
        }
        values.forEach(this::unbound);
    }

    private void unbound(String name, Object value) {
        if (value != null) {
            events.valueUnbound(this, name, value);
        }
        events.attributeRemoved(this, name, value);
    }

    @Override
    public synchronized boolean isNew() {
        checkValid("isNew");
        return isNew;
    }

    // ---- used by the request's SessionWriter ----

    synchronized boolean isValid() {
        return stage == Stage.NEW || stage == Stage.STORED;
    }

    /** The id this session is stored under, or null when it is not stored yet. */
    synchronized String storedId() {
        return storedId;
    }

    /** Gives the session a new id; the store moves it at the next save. */
    String changeId(String newId) {
        String oldId;
        synchronized (this) {
            checkValid("changeSessionId");
            oldId = id;
            id = newId;
        }
        events.sessionIdChanged(this, oldId);
        return newId;
    }

    /**
     * Announces, as {@link SessionEvents#valueStoring}, each value the next {@link #pending} will
     * encode again; called first, without this object's monitor, so a listener may use the session.
     */
    void beforeSave() {
        reencoded().forEach((name, value) -> events.valueStoring(this, name, value));
    }

    /**
     * What a save must write now: the changes since the last save, the stage, and where the
     * session is stored. Encodes attributes that may have changed in place.
     */
    synchronized Pending pending() {
        return changes();
    }

    /** The values {@link #currentBytes} encodes again now. */
    private synchronized Map<String, Object> reencoded() {
        if (!isValid()) {
            return Map.of();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        attributes.forEach((name, attribute) -> {
            if (reencodes(attribute)) {
                values.put(name, attribute.value);
            }
        });
        return values;
    }

    private synchronized Pending changes() {
        if (!isValid()) {
            return new Pending(stage, storedId, null, null);
        }
        Map<String, byte[]> changed = new HashMap<>();
        attributes.forEach((name, attribute) -> {
            byte[] current = currentBytes(name, attribute);
            if (current != null && current != attribute.stored
                    && (attribute.stored == null || !Arrays.equals(current, attribute.stored))) {
                changed.put(name, current);
            }
        });
        SessionChanges changes = new SessionChanges(id,
                maxInactiveInterval != storedMaxInactiveInterval ? maxInactiveInterval : null, changed, Set.copyOf(removed));
        if (!Objects.equals(principal, storedPrincipal)) {
            changes = changes.boundTo(principal == null ? SessionChanges.NO_PRINCIPAL : principal);
        }
        StoredSession whole = stage == Stage.NEW
                ? new StoredSession(id, creationTime, creationTime, maxInactiveInterval, allBytes(changed), principal) : null;
        return new Pending(stage, storedId, changes, whole);
    }

    /**
     * The store now holds {@code written}.
     *
     * @param committing whether the response commits (or has committed): values the application
     *     holds now are not looked at again by later saves unless it is handed them again
     */
    synchronized void written(Pending written, boolean committing) {
        if (written.stage() == Stage.INVALIDATED) {
            stage = Stage.GONE;
            return;
        }
        stage = Stage.STORED;
        storedId = written.changes().id();
        written.changes().setAttributes().forEach((name, bytes) -> attributes.get(name).saved(bytes));
        removed.clear();
        storedMaxInactiveInterval = maxInactiveInterval;
        storedPrincipal = written.whole() != null ? written.whole().principal()
                : written.changes().principal() == null ? storedPrincipal
                : written.changes().principal().isEmpty() ? null : written.changes().principal();
        if (committing) {
            attributes.values().forEach(attribute -> attribute.exposed = false);
        }
    }

    /** The store no longer has the session (invalidated, expired or moved by another request): it is gone here too. */
    synchronized void gone() {
        stage = Stage.GONE;
    }

    /**
     * The writes a save owes the store.
     *
     * @param stage the session's stage when asked
     * @param storedId the id the store holds it under, or null when it is not stored
     * @param changes the changes since the last save, under the current id; null unless
     *     {@link Stage#NEW} or {@link Stage#STORED}
     * @param whole the whole session, for {@link Stage#NEW} only
     */
    record Pending(Stage stage, String storedId, SessionChanges changes, StoredSession whole) {
    }

    // ---- internals ----

    /** Every attribute's bytes for a session written whole: the changed ones, else the stored ones. */
    private Map<String, byte[]> allBytes(Map<String, byte[]> changed) {
        Map<String, byte[]> all = new HashMap<>();
        attributes.forEach((name, attribute) -> {
            byte[] bytes = changed.containsKey(name) ? changed.get(name) : attribute.stored;
            if (bytes != null) {
                all.put(name, bytes);
            }
        });
        return all;
    }

    /**
     * Decodes an attribute on first read. A failure is applied here as
     * {@code attribute.decode-failure} says (drop: absent from now on; remove: deleted at the next
     * save) and rethrown for the caller to report.
     */
    private Object decode(String name, Attribute attribute) {
        if (attribute.decoded) {
            return attribute.value;
        }
        fetchIfDeferred(name, attribute);
        if (attribute.undecodable) {
            return null;
        }
        try {
            attribute.decodedAs(manager.decode(name, attribute.stored));
            return attribute.value;
        } catch (AttributeDecodingException e) {
            switch (manager.decodeFailure()) {
                case FAIL -> {
                    // Left as it is: every read fails the same way.
                }
                case REMOVE -> {
                    attributes.remove(name);
                    removed.add(name);
                }
                case DROP -> attribute.undecodable = true;
            }
            throw e;
        }
    }

    /** The value for a listener notification; an undecodable value cannot be a listener. */
    private Object decodeQuietly(String name, Attribute attribute) {
        if (attribute.decoded) {
            return attribute.value;
        }
        fetchIfDeferred(name, attribute);
        if (attribute.stored == null) {
            return null;
        }
        try {
            return manager.decode(name, attribute.stored);
        } catch (AttributeDecodingException e) {
            return null;
        }
    }

    /**
     * Brings in an attribute the load deferred, if {@code name} is one; one found gone since is
     * dropped, so it reads, lists and is removed as absent (no events). Under this object's monitor.
     */
    private void bringIn(String name) {
        Attribute attribute = attributes.get(name);
        if (attribute != null && attribute.deferred) {
            fetchIfDeferred(name, attribute);
            if (!attribute.inStore) {
                attributes.remove(name);
            }
        }
    }

    /**
     * Brings the bytes of an attribute the load deferred. One that is gone since (removed by
     * another request, or the whole session) reads as absent from now on, like an undecodable one
     * under {@code drop}, and is not written back.
     */
    private void fetchIfDeferred(String name, Attribute attribute) {
        if (!attribute.deferred) {
            return;
        }
        java.util.Optional<byte[]> bytes = fetcher.fetch(storedId, name);
        attribute.deferred = false;
        if (bytes.isPresent()) {
            attribute.stored = bytes.get();
        } else {
            attribute.inStore = false;
            attribute.undecodable = true;
        }
    }

    /**
     * The bytes the store should hold for an attribute now, as it is at save time ({@code stored}
     * itself when it still encodes to that), or null when it cannot have changed: never read; not
     * handed to the application since the save at commit; immutable and not set; or only read
     * while change detection is off.
     */
    private byte[] currentBytes(String name, Attribute attribute) {
        if (!attribute.decoded) {
            return null;
        }
        byte[] latest = attribute.encoded;
        if (reencodes(attribute)) {
            latest = manager.encodeForSave(name, attribute.value, latest != null ? latest : attribute.stored);
        }
        return latest;
    }

    /**
     * Whether a save encodes the value again: handed out, mutable, and looked at by change
     * detection (or set); or read from bytes the codec wants rewritten (under an old key).
     */
    private boolean reencodes(Attribute attribute) {
        if (!attribute.decoded) {
            return false;
        }
        if (attribute.encoded == null && attribute.stored != null && manager.rewrites(attribute.stored)) {
            return true;
        }
        return attribute.exposed && !BuiltInTypes.isImmutable(attribute.value)
                && (attribute.encoded != null || manager.detectsChanges());
    }

    private void checkValid(String method) {
        if (!isValid()) {
            throw new IllegalStateException(method + ": session " + abbreviated(id) + " has been invalidated");
        }
    }

    /** Enough of an id to tell sessions apart in a message, not enough to hijack one. */
    static String abbreviated(String id) {
        return id.length() > 6 ? id.substring(0, 6) + "…" : id;
    }

    /**
     * The session limits, counted on the encoded sizes known now: what setAttribute encoded, else
     * what the store holds (a value changed in place is counted as last encoded).
     */
    private void checkLimits(String name, Object value, byte[] encoded) {
        int others = 0;
        long otherBytes = 0;
        for (Map.Entry<String, Attribute> entry : attributes.entrySet()) {
            if (!entry.getKey().equals(name)) {
                others++;
                Attribute attribute = entry.getValue();
                byte[] bytes = attribute.encoded != null ? attribute.encoded : attribute.stored;
                otherBytes += bytes != null ? bytes.length : attribute.deferred ? attribute.deferredSize : 0;
            }
        }
        manager.checkSessionLimits(name, value, others, otherBytes, encoded);
    }

    /** One attribute's state in this request. */
    private static final class Attribute {
        /** Bytes the store holds, or null when the attribute is not stored yet. */
        byte[] stored;
        /** Bytes encoded at setAttribute, or null. */
        byte[] encoded;
        Object value;
        boolean decoded;
        boolean undecodable;
        /** Handed to the application since the last save made as the response commits. */
        boolean exposed;
        /** In the store, not loaded ({@code attribute.lazy-above}): {@link #stored} comes when read. */
        boolean deferred;
        /** The stored size of a deferred value. */
        int deferredSize;
        /** The store holds a value under this name (loaded, deferred or saved), so a removal must be written. */
        boolean inStore;

        static Attribute stored(byte[] bytes) {
            Attribute a = new Attribute();
            a.stored = bytes;
            a.inStore = true;
            return a;
        }

        static Attribute deferred(int size) {
            Attribute a = new Attribute();
            a.deferred = true;
            a.deferredSize = size;
            a.inStore = true;
            return a;
        }

        /** A value set by the application in place of {@code previous} (null when there was none). */
        static Attribute set(Attribute previous, Object value, byte[] encoded) {
            Attribute a = new Attribute();
            a.stored = previous == null ? null : previous.stored;
            a.inStore = previous != null && previous.inStore;
            a.value = value;
            a.encoded = encoded;
            a.decoded = true;
            a.exposed = true;
            return a;
        }

        void decodedAs(Object decodedValue) {
            value = decodedValue;
            decoded = true;
        }

        void saved(byte[] bytes) {
            stored = bytes;
            encoded = null;
            inStore = true;
        }
    }
}
