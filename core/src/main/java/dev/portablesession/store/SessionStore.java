package dev.portablesession.store;

import dev.portablesession.session.SessionChanges;
import dev.portablesession.session.StoredSession;
import java.util.Optional;

/**
 * Where sessions live. Each method is one atomic operation on one session; the Redis
 * implementation spends one round trip on each, except {@link #changeId}.
 *
 * <p>Every method throws {@link SessionStoreException} when the store cannot be reached.
 */
public interface SessionStore extends AutoCloseable {

    /**
     * Loads a session and marks it accessed: its last access time becomes {@code now} (never
     * earlier than it was) and its expiry restarts.
     *
     * @param id a well-formed session id
     * @param now the current time, epoch milliseconds
     * @return the session as it was before this access (its {@code lastAccessedTime} is the
     *     previous access), or empty when it does not exist or has expired
     */
    Optional<StoredSession> load(String id, long now);

    /**
     * Writes a new session whole, with its expiry. Writing the same session twice is harmless.
     */
    void create(StoredSession session);

    /**
     * Writes the changes of one request, atomically, and restarts the expiry.
     *
     * @return {@code false} when the session no longer exists (invalidated, expired or moved to
     *     another id meanwhile); nothing is written then, so an invalidated session never comes
     *     back
     */
    boolean save(SessionChanges changes);

    /**
     * Moves a session to a new id and applies the request's changes on the way: afterwards the
     * old id is gone and the new one holds the latest data, including changes other requests
     * saved under the old id until the move.
     *
     * @param oldId the id the session is stored under now
     * @param changes the changes to apply, carrying the new id
     * @return {@code false} when the session under {@code oldId} no longer exists; nothing is
     *     written then
     */
    boolean changeId(String oldId, SessionChanges changes);

    /** Deletes a session; deleting a missing session is not an error. */
    void delete(String id);

    /** Releases the store's resources. */
    @Override
    void close();
}
