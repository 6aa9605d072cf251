package dev.portablesession.internal.filter;

import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.SaveOutcome;
import dev.portablesession.internal.store.SessionStore;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link HttpSession} a request sees: a working copy of the stored session, loaded once per
 * request. Attributes are decoded on first read. Saving writes only what differs from the store:
 * attributes set or removed, and attributes read and then changed in place (found by encoding
 * them again and comparing bytes).
 *
 * <p>An attribute is looked at for in-place changes at every save after the application was
 * handed its value ({@code getAttribute}, {@code setAttribute}) until a save made as the response
 * commits; after that, only if the application is handed it again. So a request that reads the
 * cart, changes it and writes a response of known length encodes the cart once to save it before
 * the response commits, not a second time at its end.
 *
 * <p>Thread-safe: asynchronous request processing may share it between threads.
 */
final class RedisHttpSession implements HttpSession {

    private final SessionManager manager;
    private final long creationTime;
    private final long lastAccessedTime;
    private final Map<String, Attribute> attributes;
    private final Set<String> removed = new HashSet<>();
    private String id;
    /** The id the session is stored under, or null while it exists only in this request. */
    private String storedId;
    private int maxInactiveInterval;
    private boolean maxInactiveIntervalChanged;
    private boolean valid = true;
    /** Created by this request: the client does not know the session yet. */
    private final boolean isNew;

    private RedisHttpSession(SessionManager manager, String id, String storedId, long creationTime,
            long lastAccessedTime, int maxInactiveInterval, Map<String, Attribute> attributes) {
        this.manager = manager;
        this.isNew = storedId == null;
        this.id = id;
        this.storedId = storedId;
        this.creationTime = creationTime;
        this.lastAccessedTime = lastAccessedTime;
        this.maxInactiveInterval = maxInactiveInterval;
        this.attributes = attributes;
    }

    /** A session that exists only in this request until it is saved. */
    static RedisHttpSession create(SessionManager manager, String id, long now, int maxInactiveInterval) {
        return new RedisHttpSession(manager, id, null, now, now, maxInactiveInterval, new LinkedHashMap<>());
    }

    /** A session loaded from the store. */
    static RedisHttpSession loaded(SessionManager manager, StoredSession stored) {
        Map<String, Attribute> attributes = new LinkedHashMap<>(Math.max(16, stored.attributes().size() * 2));
        stored.attributes().forEach((name, bytes) -> attributes.put(name, Attribute.stored(bytes)));
        return new RedisHttpSession(manager, stored.id(), stored.id(), stored.creationTime(),
                stored.lastAccessedTime(), stored.maxInactiveInterval(), attributes);
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
        if (interval != maxInactiveInterval) {
            maxInactiveInterval = interval;
            maxInactiveIntervalChanged = true;
        }
    }

    @Override
    public synchronized int getMaxInactiveInterval() {
        return maxInactiveInterval;
    }

    @Override
    public Object getAttribute(String name) {
        Object value;
        synchronized (this) {
            checkValid("getAttribute");
            Attribute attribute = attributes.get(name);
            if (attribute == null) {
                return null;
            }
            value = decode(name, attribute);
            attribute.exposed = value != null;
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
        Object old;
        synchronized (this) {
            checkValid("setAttribute");
            byte[] encoded = manager.encode(name, value);
            if (value instanceof HttpSessionBindingListener listener) {
                listener.valueBound(new HttpSessionBindingEvent(this, name, value));
            }
            Attribute previous = attributes.get(name);
            old = previous == null ? null : decodeQuietly(name, previous);
            attributes.put(name, Attribute.set(previous == null ? null : previous.stored, value, encoded));
            removed.remove(name);
        }
        if (old != value && old instanceof HttpSessionBindingListener listener) {
            listener.valueUnbound(new HttpSessionBindingEvent(this, name, old));
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old;
        synchronized (this) {
            checkValid("removeAttribute");
            Attribute previous = attributes.remove(name);
            if (previous == null) {
                return;
            }
            if (previous.stored != null) {
                removed.add(name);
            }
            old = decodeQuietly(name, previous);
        }
        if (old instanceof HttpSessionBindingListener listener) {
            listener.valueUnbound(new HttpSessionBindingEvent(this, name, old));
        }
    }

    @Override
    public void invalidate() {
        Map<String, Object> unbound = new LinkedHashMap<>();
        synchronized (this) {
            checkValid("invalidate");
            if (storedId != null) {
                manager.delete(storedId);
            }
            attributes.forEach((name, attribute) -> {
                Object value = decodeQuietly(name, attribute);
                if (value instanceof HttpSessionBindingListener) {
                    unbound.put(name, value);
                }
            });
            valid = false;
            attributes.clear();
            removed.clear();
        }
        unbound.forEach((name, value) ->
                ((HttpSessionBindingListener) value).valueUnbound(new HttpSessionBindingEvent(this, name, value)));
    }

    @Override
    public synchronized boolean isNew() {
        checkValid("isNew");
        return isNew;
    }

    // ---- used by the filter ----

    synchronized boolean isValid() {
        return valid;
    }

    /** Gives the session a new id; the store moves it at the next save. */
    synchronized String changeId(String newId) {
        checkValid("changeSessionId");
        id = newId;
        return newId;
    }

    /**
     * Writes this request's changes, if any, through {@code writer}. A later call writes only what
     * changed after this one; a call with nothing to write and no lock to release costs nothing.
     *
     * @param fence the fencing token of the session lock the request holds, or 0
     * @param unlock whether to release that lock with this write
     * @param committing whether the response commits (or has committed): values the application
     *     holds now are not looked at again by later saves unless it is handed them again
     * @return what became of the write; {@link SaveOutcome#GONE} also makes this session invalid,
     *     so a session invalidated or moved by a concurrent request never comes back
     */
    synchronized SaveOutcome save(SessionStore writer, long fence, boolean unlock, boolean committing) {
        if (!valid) {
            return SaveOutcome.GONE;
        }
        Map<String, byte[]> changed = new HashMap<>();
        attributes.forEach((name, attribute) -> {
            byte[] current = currentBytes(name, attribute);
            if (current != null && current != attribute.stored
                    && (attribute.stored == null || !Arrays.equals(current, attribute.stored))) {
                changed.put(name, current);
            }
        });
        SessionChanges changes = new SessionChanges(id, maxInactiveIntervalChanged ? maxInactiveInterval : null,
                changed, Set.copyOf(removed), fence, unlock);
        SaveOutcome outcome;
        if (storedId == null) {
            writer.create(new StoredSession(id, creationTime, creationTime, maxInactiveInterval, storedBytes(changed)));
            outcome = SaveOutcome.SAVED;
        } else if (!storedId.equals(id)) {
            outcome = writer.changeId(storedId, changes);
        } else if (changes.isEmpty()) {
            outcome = SaveOutcome.SAVED;
        } else {
            outcome = writer.save(changes);
        }
        if (outcome == SaveOutcome.GONE) {
            valid = false;
        }
        if (outcome == SaveOutcome.SAVED) {
            storedId = id;
            changed.forEach((name, bytes) -> attributes.get(name).saved(bytes));
            removed.clear();
            maxInactiveIntervalChanged = false;
            if (committing) {
                attributes.values().forEach(attribute -> attribute.exposed = false);
            }
        }
        return outcome;
    }

    /** Every attribute's bytes for a session written whole: the changed ones, else the stored ones. */
    private Map<String, byte[]> storedBytes(Map<String, byte[]> changed) {
        Map<String, byte[]> all = new HashMap<>();
        attributes.forEach((name, attribute) -> {
            byte[] bytes = changed.containsKey(name) ? changed.get(name) : attribute.stored;
            if (bytes != null) {
                all.put(name, bytes);
            }
        });
        return all;
    }

    /** The id this session is stored under, or null when it is not stored yet. */
    synchronized String storedId() {
        return storedId;
    }

    // ---- internals ----

    private Object decode(String name, Attribute attribute) {
        if (attribute.decoded) {
            return attribute.value;
        }
        if (attribute.undecodable) {
            return null;
        }
        try {
            attribute.decodedAs(manager.decode(name, attribute.stored));
            return attribute.value;
        } catch (AttributeDecodingException e) {
            switch (manager.decodeFailure()) {
                case FAIL -> throw new IllegalStateException(e.getMessage(), e);
                case REMOVE -> {
                    attributes.remove(name);
                    removed.add(name);
                }
                case DROP -> attribute.undecodable = true;
            }
            manager.reportUndecodable(name, e);
            return null;
        }
    }

    /** The value for a listener notification; an undecodable value cannot be a listener. */
    private Object decodeQuietly(String name, Attribute attribute) {
        if (attribute.decoded) {
            return attribute.value;
        }
        try {
            return manager.decode(name, attribute.stored);
        } catch (AttributeDecodingException e) {
            return null;
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
        if (attribute.exposed && !dev.portablesession.internal.codec.BuiltInTypes.isImmutable(attribute.value)
                && (latest != null || manager.detectsChanges())) {
            latest = manager.encodeForSave(name, attribute.value, latest != null ? latest : attribute.stored);
        }
        return latest;
    }

    private void checkValid(String method) {
        if (!valid) {
            throw new IllegalStateException(method + ": session " + abbreviated(id) + " has been invalidated");
        }
    }

    /** Enough of an id to tell sessions apart in a message, not enough to hijack one. */
    static String abbreviated(String id) {
        return id.length() > 6 ? id.substring(0, 6) + "…" : id;
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

        static Attribute stored(byte[] bytes) {
            Attribute a = new Attribute();
            a.stored = bytes;
            return a;
        }

        static Attribute set(byte[] stored, Object value, byte[] encoded) {
            Attribute a = new Attribute();
            a.stored = stored;
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
        }
    }
}
