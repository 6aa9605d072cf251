package dev.portablesession;

import java.time.Duration;
import java.time.Instant;

/**
 * One session of a user, as {@link UserSessions} found it: a snapshot of its metadata, and a
 * handle to end it. Its {@code toString} shows the masked id only.
 */
public interface UserSession {

    /** @return the user the session belongs to */
    String principal();

    /**
     * @return the session id itself: a credential, for comparing with {@code HttpSession.getId()}
     *     and for a framework's registry; never show or log it, use {@link #maskedId()}
     */
    String id();

    /** @return enough of the id to tell sessions apart on an admin page, not enough to use one */
    String maskedId();

    /** @return when the session was created */
    Instant creationTime();

    /** @return when a request last used the session */
    Instant lastAccessedTime();

    /** @return how long the session lives idle; zero or negative: it never expires */
    Duration maxInactiveInterval();

    /**
     * Invalidates the session, on every server, telling its listeners here as for any
     * invalidation.
     *
     * @return true when this call ended it; false when it was already gone
     * @throws SessionStoreException when Redis cannot be reached
     */
    boolean invalidate();
}
