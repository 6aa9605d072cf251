package dev.portablesession.internal.filter;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.internal.codec.AttributeCodec;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.store.LockAttempt;
import dev.portablesession.internal.store.SessionStore;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one filter instance shares between its requests: the store, the codec, the limits and the
 * cookie. Creates and loads the sessions that requests work on.
 */
final class SessionManager {

    /** Every class of the library logs under this name, so one logging setting covers them all. */
    static final System.Logger LOG = System.getLogger("dev.portablesession");

    /** Bounds the memory spent on remembering which decode failures were already logged. */
    private static final int MAX_REPORTED = 1000;

    private final MonitoredStore store;
    private final AttributeCodec codec;
    private final ServletContext servletContext;
    private final SessionCookie cookie;
    private final int maxInactiveInterval;
    private final int maxAttributeSize;
    private final DecodeFailurePolicy decodeFailure;
    private final boolean detectsChanges;
    private final SessionLocking locking;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    SessionManager(SessionStore store, AttributeCodec codec, ServletContext servletContext, SessionCookie cookie,
            Settings settings, int maxInactiveInterval) {
        this.store = new MonitoredStore(store);
        this.codec = codec;
        this.servletContext = servletContext;
        this.cookie = cookie;
        this.maxInactiveInterval = maxInactiveInterval;
        this.maxAttributeSize = settings.attributeMaxSizeBytes();
        this.decodeFailure = settings.attributeDecodeFailure();
        this.detectsChanges = settings.attributeChangeDetection();
        this.locking = new SessionLocking(this.store, settings);
    }

    /** Whether attributes read and changed in place are looked for at save time. */
    boolean detectsChanges() {
        return detectsChanges;
    }

    /** How requests take the session lock; {@link SessionLocking#appliesTo} is false without locking. */
    SessionLocking locking() {
        return locking;
    }

    /** A loaded session together with the fencing token of the lock taken for it, if any. */
    record Loaded(RedisHttpSession session, long fence) {
    }

    /** Waits for the session's lock and loads the session, or null when it does not exist. */
    Loaded lockAndLoad(String id) {
        LockAttempt attempt = locking.lockAndLoad(id);
        return attempt.session().map(stored -> new Loaded(RedisHttpSession.loaded(this, stored), attempt.fence()))
                .orElse(null);
    }

    SessionStore store() {
        return store;
    }

    SessionCookie cookie() {
        return cookie;
    }

    ServletContext servletContext() {
        return servletContext;
    }

    DecodeFailurePolicy decodeFailure() {
        return decodeFailure;
    }

    /** The stored session with this id, marked accessed, or null. One store round trip. */
    RedisHttpSession load(String id) {
        return store.load(id, System.currentTimeMillis()).map(stored -> RedisHttpSession.loaded(this, stored))
                .orElse(null);
    }

    /** A new session; it reaches the store when the request saves. */
    RedisHttpSession newSession() {
        return RedisHttpSession.create(this, SessionIds.generate(), System.currentTimeMillis(), maxInactiveInterval);
    }

    void delete(String id) {
        store.delete(id);
    }

    /** Encodes a value for setAttribute; an oversized value is refused like one that cannot be encoded. */
    byte[] encode(String name, Object value) {
        byte[] bytes = codec.encode(name, value);
        if (bytes.length > maxAttributeSize) {
            throw tooLarge(name, value, bytes);
        }
        return bytes;
    }

    private AttributeEncodingException tooLarge(String name, Object value, byte[] bytes) {
        return new AttributeEncodingException("attribute \"" + name + "\" (" + value.getClass().getName()
                + ") is " + bytes.length + " bytes encoded, over the limit of " + maxAttributeSize
                + " bytes; keep less in the session or raise the setting attribute.max-size", null);
    }

    /**
     * Encodes a value again at save time, to find in-place changes: returns {@code previous}
     * itself when the value still encodes to it. The application cannot be told of a failure any
     * more (the response is about to commit), so it is logged and {@code previous}, the last good
     * bytes, is kept.
     */
    byte[] encodeForSave(String name, Object value, byte[] previous) {
        try {
            byte[] bytes = codec.encode(name, value, previous);
            if (bytes != previous && bytes.length > maxAttributeSize) {
                throw tooLarge(name, value, bytes);
            }
            return bytes;
        } catch (AttributeEncodingException e) {
            LOG.log(Level.WARNING, e.getMessage() + "; it was changed in place after setAttribute, the change is not saved");
            return previous;
        }
    }

    Object decode(String name, byte[] bytes) {
        return codec.decode(name, bytes);
    }

    /** Logs a decode failure once per attribute and cause, not on every request. */
    void reportUndecodable(String name, RuntimeException e) {
        String key = name + '\u0000' + e.getMessage();
        if (reported.size() < MAX_REPORTED && reported.add(key)) {
            LOG.log(Level.WARNING, e.getMessage() + "; the attribute is treated as absent (setting attribute.decode-failure="
                    + decodeFailure.configValue() + "); the rest of the session works");
        }
    }

    /**
     * Asks the store for a session that cannot exist, off the starting thread: it warms the
     * connection and the script cache, and an unreachable store is logged now rather than at
     * the first request, without holding up the application's start.
     */
    void probe() {
        Thread probe = new Thread(() -> {
            try {
                store.load(SessionIds.generate(), System.currentTimeMillis());
            } catch (RuntimeException e) {
                // MonitoredStore has logged an outage; anything else surfaces on the first request.
            }
        }, "portable-session-probe");
        probe.setDaemon(true);
        probe.start();
    }

    void close() {
        store.close();
    }
}
