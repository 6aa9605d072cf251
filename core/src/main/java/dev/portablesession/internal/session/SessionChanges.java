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
 * @param fence the fencing token of the session lock this request holds, or 0 when it holds none;
 *     a store refuses the write when another request took the lock since
 * @param unlock whether to release the lock held under {@code fence} with this write
 */
public record SessionChanges(String id, Integer maxInactiveInterval, Map<String, byte[]> setAttributes,
        Set<String> removedAttributes, long fence, boolean unlock) {

    public SessionChanges {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(setAttributes, "setAttributes");
        Objects.requireNonNull(removedAttributes, "removedAttributes");
    }

    /** Changes made without the session lock. */
    public SessionChanges(String id, Integer maxInactiveInterval, Map<String, byte[]> setAttributes,
            Set<String> removedAttributes) {
        this(id, maxInactiveInterval, setAttributes, removedAttributes, 0, false);
    }

    /** Tells whether there is nothing to write and no lock to release. */
    public boolean isEmpty() {
        return maxInactiveInterval == null && setAttributes.isEmpty() && removedAttributes.isEmpty() && !unlock;
    }
}
