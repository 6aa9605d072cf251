package dev.portablesession;

import java.util.List;
import java.util.Optional;

/**
 * The sessions of each user, across every server that shares the Redis namespace: list them, end
 * them ("log out everywhere"). A session belongs to the user the {@code principal} setting (or
 * the builder's resolver) names as a request saves it; the index lives in Redis next to the
 * sessions and is written by the same scripts, so it is exact: it changes with every login,
 * logout, change of id, invalidation and expiry.
 *
 * <p>Get it from {@link RedisSessionFilter#userSessions(jakarta.servlet.ServletContext)} or
 * {@link RedisSessionFilter#userSessions()}; the filter's JMX MXBean offers the same
 * operations. Each call is one round trip per Redis node (a batch over the index's 64 parts),
 * plus two per session it ends (a read for its listeners, then the deletion). Thread-safe; usable outside requests.
 */
public interface UserSessions {

    /**
     * @param principal the user's name, as the principal setting gives it
     * @return the user's live sessions, least recently used first; empty when none
     * @throws SessionStoreException when Redis cannot be reached
     */
    List<UserSession> list(String principal);

    /**
     * Invalidates every session of the user, on every server: their listeners are told here as
     * for any invalidation ({@code sessionDestroyed}, then each attribute's unbinding and
     * removal), and their next request finds no session. A request of that user running right
     * now cannot bring its session back: its save finds it gone.
     *
     * @param principal the user's name
     * @return how many sessions were invalidated
     * @throws SessionStoreException when Redis cannot be reached
     */
    int invalidateAll(String principal);

    /**
     * The session with this id, when it is live and belongs to a user: for a framework's
     * session registry, which looks sessions up by id.
     *
     * @param sessionId a session id as {@code HttpSession.getId()} gives it
     * @return the session, or empty when there is none, or it belongs to nobody
     * @throws SessionStoreException when Redis cannot be reached
     */
    Optional<UserSession> find(String sessionId);
}
