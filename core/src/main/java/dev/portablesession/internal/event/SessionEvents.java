package dev.portablesession.internal.event;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.DecodeFailurePolicy;
import jakarta.servlet.http.HttpSession;

/**
 * The one seam between the request path and whatever watches it: every session lifecycle event
 * and every store call passes through here. Logging, the servlet listeners and metrics are
 * implementations; the request path knows none of them. Each method has an empty default, so an
 * implementation overrides what it needs.
 *
 * <p>Calls come on the thread that handles the request (or its async work), after the change
 * they report unless the method says otherwise. Lifecycle events come without the session's own
 * monitor held, so an implementation may call the session back; {@link #storeCall} and an
 * {@link #encodeRefused} at save come while a save holds it, and must not. Ids in arguments are whole: an
 * implementation that logs or exports them must abbreviate them.
 */
public interface SessionEvents {

    /** A request created {@code session}; it reaches the store when the request saves. */
    default void sessionCreated(HttpSession session) {
    }

    /**
     * A request decoded {@code value}, stored as {@code name}, from the bytes it loaded: once per
     * request and attribute, on first read (or when a removal or invalidation needs the value).
     * The object is this request's own; the next request decodes a new one.
     */
    default void valueLoaded(HttpSession session, String name, Object value) {
    }

    /**
     * {@code value} is about to be encoded to be written as {@code name}: at {@code setAttribute},
     * which encodes at once, and at each save that encodes it again to find in-place changes.
     * Called before the encoding, so a value may prepare its state; also when the encoding then fails.
     */
    default void valueStoring(HttpSession session, String name, Object value) {
    }

    /** A presented session id named no session in the store (expired, invalidated, or never issued). */
    default void sessionNotFound(String requestUri) {
    }

    /**
     * {@code value} is about to be bound to {@code session} as {@code name}: called before the
     * session hands it out, and only when that very object was not bound under that name already.
     */
    default void valueBound(HttpSession session, String name, Object value) {
    }

    /** {@code value} is no longer bound as {@code name}: removed, replaced by another object, or the session was invalidated. */
    default void valueUnbound(HttpSession session, String name, Object value) {
    }

    /** An attribute that did not exist was set. */
    default void attributeAdded(HttpSession session, String name, Object value) {
    }

    /** An existing attribute was set again; {@code oldValue} is the value it replaced (possibly the same object). */
    default void attributeReplaced(HttpSession session, String name, Object oldValue) {
    }

    /** An attribute was removed, by {@code removeAttribute} or by invalidation. */
    default void attributeRemoved(HttpSession session, String name, Object value) {
    }

    /** {@code changeSessionId} gave {@code session} a new id; the store moves it at the next save. */
    default void sessionIdChanged(HttpSession session, String oldId) {
    }

    /**
     * {@code session} is being invalidated: called first, while its attributes can still be read;
     * their removals follow, then the session becomes invalid and the store deletes it at the next save.
     */
    default void sessionInvalidated(HttpSession session) {
    }

    /**
     * A request that used its session is done, its async processing included: once per request,
     * after its last save. A request that never asked for its session is not reported: it has no
     * session and made no store call, and reporting it would cost every such request.
     */
    default void requestCompleted(RequestSummary request) {
    }

    /**
     * {@code session} expired: it was idle past its max inactive interval, and this server
     * claimed it, so no other server reports it. Called first, while its attributes can still be
     * read; their removals follow, then the session is deleted from the store. Calls come on the
     * filter's expiry thread, not a request's, and only while some implementation
     * {@linkplain #wantsExpiryEvents wants them} (or {@code expiry.events=on}).
     */
    default void sessionExpired(HttpSession session) {
    }

    /**
     * Whether this implementation needs {@link #sessionExpired} and the removals that follow it.
     * With {@code expiry.events=auto} the store keeps its expiry index, and the filter polls it,
     * only when some implementation answers true; each has a cost in Redis.
     */
    default boolean wantsExpiryEvents() {
        return false;
    }

    /** One store call ended, whatever its outcome. */
    default void storeCall(StoreCall call) {
    }

    /** The store stopped answering; {@code reason} says why, without secrets. Once per outage. */
    default void outageStarted(String reason) {
    }

    /**
     * A session of another stored format version was met and left untouched; {@code reason} has
     * no session id.
     */
    default void otherFormat(String reason) {
    }

    /**
     * The store refuses writes for want of memory; reads are still served. Once per such
     * outage, which {@link #outageEnded} ends like any other.
     */
    default void storeFull(String reason) {
    }

    /**
     * {@code redis.down-policy=degrade}: Redis does not answer, and sessions are served from this
     * server's memory until it does. Once per such period, after {@link #outageStarted}.
     */
    default void degraded() {
    }

    /**
     * {@code redis.down-policy=degrade}: Redis answers again and the sessions of the degraded
     * period were reconciled: {@code written} had their changes written back, {@code created}
     * were new, {@code deleted} were invalidated or moved, {@code dropped} had changes that were
     * dropped (the stored session had changed since, or was gone).
     */
    default void reconciled(int written, int created, int deleted, int dropped) {
    }

    /** The store answers again after {@code downNanos} of outage. */
    default void outageEnded(long downNanos) {
    }

    /**
     * A request waited for the session lock: {@code attempts} lock-and-load calls over
     * {@code nanos}; {@code acquired} false when it gave up at {@code lock.wait-timeout}.
     * Only called when the first attempt found the lock taken.
     */
    default void lockWaited(String sessionId, long nanos, int attempts, boolean acquired) {
    }

    /**
     * A request outlived its {@code lock.lease} and another request took the lock: the store
     * refused its changes, and it writes nothing from now on.
     */
    default void lockLost(String sessionId, String requestUri) {
    }

    /** A stored attribute could not be decoded; {@code policy} says what became of it. */
    default void decodeFailed(String name, RuntimeException cause, DecodeFailurePolicy policy) {
    }

    /**
     * An attribute could not be encoded (or was too large). At {@code setAttribute} the application
     * gets {@code cause}; at a save ({@code atSave}, an in-place change found too late to refuse),
     * the change is not saved and the last good value stays stored.
     */
    default void encodeRefused(String name, AttributeEncodingException cause, boolean atSave) {
    }

    /** Session changes made after the response of an async request could not be saved. */
    default void asyncSaveFailed(String requestUri, RuntimeException cause) {
    }

    /**
     * A request reached a second registration of the filter (web.xml and annotation or code), which
     * does nothing: {@code requestUri} was served by the first.
     */
    default void registeredTwice(String requestUri) {
    }

    /**
     * The response to {@code requestUri} committed before the session cookie could be set: the
     * client keeps the id it had.
     */
    default void cookieNotSent(String requestUri) {
    }
}
