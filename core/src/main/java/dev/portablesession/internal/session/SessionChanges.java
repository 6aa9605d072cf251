package dev.portablesession.internal.session;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one request changed in a session since it was loaded (or since its previous save in the
 * same request). Only these fields are written, so concurrent requests that change different
 * attributes do not overwrite each other.
 *
 * @param id the id the session is stored under
 * @param maxInactiveInterval the new max inactive interval in seconds, or {@code null} when it
 *     did not change
 * @param setAttributes encoded values of attributes that were set or changed in place
 * @param removedAttributes names of attributes that were removed
 * @param lock the session lock the writing request holds: {@link SessionLock#NONE} for an
 *     unfenced write, or {@link SessionLock.Held}, which the store refuses once another request
 *     took the lock since; never {@link SessionLock#LOST}, whose holder writes nothing
 * @param unlock whether to release the held lock with this write
 * @param principal the user the session belongs to from now on, {@link #NO_PRINCIPAL} when it
 *     belongs to nobody any more, or null when that did not change
 */
public record SessionChanges(String id, Integer maxInactiveInterval, Map<String, byte[]> setAttributes,
        Set<String> removedAttributes, SessionLock lock, boolean unlock, String principal) {

    /** {@link #principal()} of a session that no longer belongs to a user (logged out, kept). */
    public static final String NO_PRINCIPAL = "";

    public SessionChanges {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(setAttributes, "setAttributes");
        Objects.requireNonNull(removedAttributes, "removedAttributes");
        if (!Objects.requireNonNull(lock, "lock").allowsWrites()) {
            throw new IllegalArgumentException("a request that lost its session lock writes nothing");
        }
        if (unlock && !(lock instanceof SessionLock.Held)) {
            throw new IllegalArgumentException("only a held lock can be released");
        }
    }

    /** Changes that leave the principal as it is. */
    public SessionChanges(String id, Integer maxInactiveInterval, Map<String, byte[]> setAttributes,
            Set<String> removedAttributes, SessionLock lock, boolean unlock) {
        this(id, maxInactiveInterval, setAttributes, removedAttributes, lock, unlock, null);
    }

    /** Changes made without the session lock. */
    public SessionChanges(String id, Integer maxInactiveInterval, Map<String, byte[]> setAttributes,
            Set<String> removedAttributes) {
        this(id, maxInactiveInterval, setAttributes, removedAttributes, SessionLock.NONE, false);
    }

    /** The same changes, written under {@code heldLock}, releasing it when {@code release}. */
    public SessionChanges under(SessionLock heldLock, boolean release) {
        return new SessionChanges(id, maxInactiveInterval, setAttributes, removedAttributes, heldLock, release, principal);
    }

    /** The same changes, binding the session to {@code user} ({@link #NO_PRINCIPAL}: to nobody). */
    public SessionChanges boundTo(String user) {
        return new SessionChanges(id, maxInactiveInterval, setAttributes, removedAttributes, lock, unlock, user);
    }

    /** Tells whether there is nothing to write and no lock to release. */
    public boolean isEmpty() {
        return maxInactiveInterval == null && setAttributes.isEmpty() && removedAttributes.isEmpty() && !unlock
                && principal == null;
    }
}
