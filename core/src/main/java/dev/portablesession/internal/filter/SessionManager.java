package dev.portablesession.internal.filter;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.DownPolicy;
import dev.portablesession.internal.codec.AttributeCodec;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.store.SessionStore;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.function.BiFunction;

/**
 * What one filter instance shares between its requests: the store, the codec, the limits, the
 * cookie and the event seam. Creates the sessions that requests work on.
 */
final class SessionManager {

    private final SessionStore store;
    /** The store again, when {@code redis.down-policy=degrade}; else null. */
    private final DegradingStore degrading;
    private final AttributeCodec codec;
    private final ServletContext servletContext;
    private final SessionCookie cookie;
    private final SessionEvents events;
    private final int maxInactiveInterval;
    private final int maxAttributeSize;
    private final int maxAttributes;
    private final int maxSessionSize;
    private final DecodeFailurePolicy decodeFailure;
    private final boolean detectsChanges;
    private final SessionLocking locking;
    private final boolean cookieTracking;
    /** The id as a URL path parameter; null unless {@code tracking-modes} has URL. */
    private final UrlSessionId urlTracking;
    private final boolean touchOnEveryRequest;
    private final boolean adoptContainerSessions;
    private final Principals principals;

    SessionManager(SessionStore store, AttributeCodec codec, ServletContext servletContext, SessionCookie cookie,
            Settings settings, int maxInactiveInterval, SessionEvents events) {
        this(store, codec, servletContext, cookie, settings, maxInactiveInterval, events, null,
                Thread.currentThread().getContextClassLoader());
    }

    /**
     * @param principalResolver the builder's principal resolver, or null for the {@code principal} setting's
     * @param classLoader the application's, for listeners called out of a request
     */
    SessionManager(SessionStore store, AttributeCodec codec, ServletContext servletContext, SessionCookie cookie,
            Settings settings, int maxInactiveInterval, SessionEvents events,
            BiFunction<HttpServletRequest, HttpSession, String> principalResolver, ClassLoader classLoader) {
        this.events = events;
        MonitoredStore monitored = new MonitoredStore(store, events);
        this.degrading = settings.redisDownPolicy() == DownPolicy.DEGRADE
                ? new DegradingStore(monitored, events) : null;
        this.store = degrading != null ? degrading : monitored;
        this.codec = codec;
        this.servletContext = servletContext;
        this.cookie = cookie;
        this.maxInactiveInterval = maxInactiveInterval;
        this.maxAttributeSize = settings.attributeMaxSizeBytes();
        this.maxAttributes = settings.sessionMaxAttributes();
        this.maxSessionSize = settings.sessionMaxSizeBytes();
        this.decodeFailure = settings.attributeDecodeFailure();
        this.detectsChanges = settings.attributeChangeDetection();
        this.locking = new SessionLocking(this.store, settings, events);
        this.cookieTracking = settings.cookieTracking();
        this.urlTracking = settings.urlTracking() ? new UrlSessionId(settings.cookieName()) : null;
        this.touchOnEveryRequest = settings.touchOnEveryRequest();
        this.adoptContainerSessions = settings.adoptContainerSessions();
        this.principals = Principals.of(settings.principal(), settings.principalExplicit(), principalResolver,
                settings.principalMaxSessions(),
                settings.principalMaxSessionsPolicy(), new UserSessionIndex(this, classLoader));
    }

    /** Who sessions belong to; {@link Principals#OFF} without the {@code principal} setting. */
    Principals principals() {
        return principals;
    }

    /** Whether sessions are served from this server's memory now ({@code redis.down-policy=degrade}). */
    boolean degraded() {
        return degrading != null && degrading.degraded();
    }

    /** Whether a request without a session of ours takes over the container's ({@code adopt-container-sessions}). */
    boolean adoptContainerSessions() {
        return adoptContainerSessions;
    }

    /** Whether stored bytes are to be written again at save although the value did not change. */
    boolean rewrites(byte[] stored) {
        return codec.rewrites(stored);
    }

    /** Whether attributes read and changed in place are looked for at save time. */
    boolean detectsChanges() {
        return detectsChanges;
    }

    /** How requests take the session lock; {@link SessionLocking#appliesTo} is false without locking. */
    SessionLocking locking() {
        return locking;
    }

    /** The store, reporting every call to {@link #events()}. */
    SessionStore store() {
        return store;
    }

    SessionEvents events() {
        return events;
    }

    SessionCookie cookie() {
        return cookie;
    }

    /** Whether the id travels in the cookie: read from it, and sent in {@code Set-Cookie}. */
    boolean cookieTracking() {
        return cookieTracking;
    }

    /** The id as a URL path parameter, or null when the id does not travel in URLs. */
    UrlSessionId urlTracking() {
        return urlTracking;
    }

    /** Whether every request presenting an id loads its session, restarting its idle time. */
    boolean touchOnEveryRequest() {
        return touchOnEveryRequest;
    }

    ServletContext servletContext() {
        return servletContext;
    }

    DecodeFailurePolicy decodeFailure() {
        return decodeFailure;
    }

    /** A new session; it reaches the store when the request saves. */
    SessionFacade newSession() {
        return SessionFacade.create(this, SessionIds.generate(), System.currentTimeMillis(), maxInactiveInterval);
    }

    /** Encodes a value for setAttribute; an oversized value is refused like one that cannot be encoded. */
    byte[] encode(String name, Object value) {
        byte[] bytes = codec.encode(name, value);
        if (bytes.length > maxAttributeSize) {
            throw tooLarge(name, value, bytes);
        }
        return bytes;
    }

    /**
     * Refuses a value that would take the session beyond {@code session.max-attributes} or
     * {@code session.max-size}.
     *
     * @param attributes how many attributes the session holds without this one
     * @param otherBytes the encoded size of those attributes
     * @param bytes this value encoded
     */
    void checkSessionLimits(String name, Object value, int attributes, long otherBytes, byte[] bytes) {
        if (attributes >= maxAttributes) {
            throw new AttributeEncodingException("attribute \"" + name + "\" (" + value.getClass().getName()
                    + ") would be attribute " + (attributes + 1) + " of the session, over the limit of "
                    + maxAttributes + "; keep fewer attributes or raise the setting session.max-attributes", null);
        }
        if (otherBytes + bytes.length > maxSessionSize) {
            throw new AttributeEncodingException("attribute \"" + name + "\" (" + value.getClass().getName()
                    + ") is " + bytes.length + " bytes encoded and would take the session's attributes to "
                    + (otherBytes + bytes.length) + " bytes, over the limit of " + maxSessionSize
                    + " bytes; keep less in the session or raise the setting session.max-size", null);
        }
    }

    private AttributeEncodingException tooLarge(String name, Object value, byte[] bytes) {
        return new AttributeEncodingException("attribute \"" + name + "\" (" + value.getClass().getName()
                + ") is " + bytes.length + " bytes encoded, over the limit of " + maxAttributeSize
                + " bytes; keep less in the session or raise the setting attribute.max-size", null);
    }

    /**
     * Encodes a value again at save time, to find in-place changes: returns {@code previous}
     * itself when the value still encodes to it. The application cannot be told of a failure any
     * more (the response is about to commit), so it is reported as an event and {@code previous},
     * the last good bytes, is kept.
     */
    byte[] encodeForSave(String name, Object value, byte[] previous) {
        try {
            byte[] bytes = codec.encode(name, value, previous);
            if (bytes != previous && bytes.length > maxAttributeSize) {
                throw tooLarge(name, value, bytes);
            }
            return bytes;
        } catch (AttributeEncodingException e) {
            events.encodeRefused(name, e, true);
            return previous;
        }
    }

    Object decode(String name, byte[] bytes) {
        return codec.decode(name, bytes);
    }

    /**
     * Asks the store for a session that cannot exist, off the starting thread: it warms the
     * connection and the script cache, and an unreachable store is reported now rather than at
     * the first request, without holding up the application's start.
     */
    void probe() {
        Thread probe = new Thread(() -> {
            try {
                store.load(SessionIds.generate(), System.currentTimeMillis());
            } catch (RuntimeException e) {
                // Reported as an outage; anything else surfaces on the first request.
            }
        }, "portable-session-probe");
        probe.setDaemon(true);
        probe.start();
    }

    void close() {
        store.close();
    }
}
