package dev.portablesession.internal.store;

import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where sessions live. Each method is one atomic operation on one session (the expiry methods:
 * on each session they name); the Redis implementation spends one round trip on each, except
 * {@link #changeId} (two) and the expiry batches (one per Redis node).
 *
 * <p>Expiry is logical: a session whose due time (last access plus max inactive interval) has
 * passed is gone for {@link #load}, {@link #lockAndLoad}, {@link #save} and {@link #changeId},
 * but with an {@link ExpiryIndex} kept its data stays until one server claims it
 * ({@link #claimExpired}), fires its expiry events and {@linkplain #finishExpired finishes} it,
 * or until the horizon has passed.
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
     *     previous access), or empty when it does not exist or its due time has passed
     */
    Optional<StoredSession> load(String id, long now);

    /**
     * One attribute's stored bytes, for an attribute a load deferred
     * ({@link StoredSession#deferred()}): one round trip, nothing written (the default, for stores
     * that never defer, loads the session).
     *
     * @return the bytes, or empty when the session or the attribute is gone since
     */
    default Optional<byte[]> attribute(String id, String name) {
        return load(id, System.currentTimeMillis()).map(session -> session.attributes().get(name));
    }

    /**
     * Reads a session without writing anything (its expiry is not moved): what a request that
     * only reads is served while the store refuses writes ({@link StoreFullException}).
     *
     * @return the session, or empty when there is none or it is past its due time
     */
    default Optional<StoredSession> peek(String id, long now) {
        return load(id, now);
    }

    /**
     * Takes the session's lock for one request and loads the session, like {@link #load}, in one
     * step. The lock expires after {@code leaseMillis} if it is not released; each acquisition
     * gets a larger fencing token, and writes carrying an older one are refused.
     *
     * @return the lock and the session, {@link LockAttempt#busy()} when another request holds
     *     the lock, or {@link LockAttempt#absent()} when the session does not exist
     */
    LockAttempt lockAndLoad(String id, long now, long leaseMillis);

    /**
     * Writes a new session whole, with its expiry. Writing the same session twice is harmless.
     */
    void create(StoredSession session);

    /**
     * Writes the changes of one request, atomically, restarts the expiry, and releases the lock
     * when the changes say so.
     *
     * @return {@link SaveOutcome#SAVED}; {@link SaveOutcome#GONE} when the session no longer
     *     exists, so an invalidated session never comes back; {@link SaveOutcome#FENCED} when the
     *     changes carry a fencing token and another request has taken the lock since. Nothing is
     *     written in the last two cases.
     */
    SaveOutcome save(SessionChanges changes);

    /**
     * Moves a session to a new id and applies the request's changes on the way: afterwards the
     * old id is gone and the new one holds the latest data, including changes other requests
     * saved under the old id until the move.
     *
     * The old id's lock, if any, goes with the old id; the new id starts unlocked.
     *
     * @param oldId the id the session is stored under now
     * @param changes the changes to apply, carrying the new id and the fencing token of the old
     *     id's lock, if held
     * @return as {@link #save}; nothing is written unless {@link SaveOutcome#SAVED}
     */
    SaveOutcome changeId(String oldId, SessionChanges changes);

    /**
     * Deletes a session and its lock, unless another request has taken the lock since
     * {@code lock} was handed out.
     *
     * @param lock the lock the deleting request holds on the session, or {@link SessionLock#NONE}
     * @return {@link SaveOutcome#SAVED} when deleted, {@link SaveOutcome#GONE} when there was
     *     nothing to delete (not an error), {@link SaveOutcome#FENCED} when refused
     */
    SaveOutcome delete(String id, SessionLock lock);

    /**
     * Claims sessions whose due time has passed by {@code now}, for one server: a session claimed
     * here is not handed to any other claimer for {@code claimMillis}, so its expiry events fire
     * once, unless the claimer dies before it {@linkplain #finishExpired finishes} it. Sessions that
     * were deleted or moved meanwhile are dropped from the index without being returned. Returns
     * nothing when no {@link ExpiryIndex} is kept.
     *
     * @param now the current time, epoch milliseconds
     * @param limit about how many sessions to claim at most in this call; call again while it
     *     returns any
     * @param claimMillis how long the claim excludes other claimers
     * @return the claimed sessions, whole, as they were last stored
     */
    List<StoredSession> claimExpired(long now, int limit, long claimMillis);

    /**
     * Deletes sessions claimed by {@link #claimExpired}, each with its lock and its index entry,
     * after their expiry events; in one round trip per Redis node.
     */
    void finishExpired(List<String> ids);

    /**
     * The live sessions bound to a user ({@code principal} setting), with their metadata and no
     * attributes, in one round trip per Redis node; index entries whose session is gone or
     * belongs to another user now are removed on the way. Sessions past their due time are left
     * out (the expiry poller's).
     *
     * @param principal the user's name, as the principal resolver gave it
     * @param now the current time, epoch milliseconds
     */
    List<StoredSession> sessionsOf(String principal, long now);

    /**
     * Counts the sessions whose due time is after {@code now}, from the expiry index: one cheap
     * count per bucket (ZCOUNT), in one round trip per Redis node. Sessions that never expire
     * (a non-positive max inactive interval) are not in the index and not counted.
     *
     * @param now the current time, epoch milliseconds
     * @return the count, or empty when no {@link ExpiryIndex} is kept (nothing to count from
     *     without scanning every key)
     */
    OptionalLong countActive(long now);

    /** Releases the store's resources. */
    @Override
    void close();
}
