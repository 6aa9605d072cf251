package dev.portablesession.internal.session;

import java.util.Map;
import java.util.Objects;

/**
 * A whole session as the store holds it: metadata plus encoded attribute values.
 *
 * @param id the session id
 * @param creationTime when the session was created, epoch milliseconds
 * @param lastAccessedTime when a request last used the session before the current one, epoch
 *     milliseconds
 * @param maxInactiveInterval seconds of inactivity after which the session expires; zero or
 *     negative means never
 * @param attributes encoded attribute values by attribute name; the map is not copied, callers
 *     hand over ownership
 * @param principal the user the session belongs to ({@code principal} setting), or null
 * @param deferred attributes the store holds but did not send ({@code attribute.lazy-above}): their
 *     stored sizes in bytes, by name; none of them is in {@code attributes}
 */
public record StoredSession(String id, long creationTime, long lastAccessedTime, int maxInactiveInterval,
        Map<String, byte[]> attributes, String principal, Map<String, Integer> deferred) {

    public StoredSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(deferred, "deferred");
        if (principal != null && principal.isEmpty()) {
            throw new IllegalArgumentException("a principal is null or has a name");
        }
    }

    /** A session whose attributes are all here. */
    public StoredSession(String id, long creationTime, long lastAccessedTime, int maxInactiveInterval,
            Map<String, byte[]> attributes, String principal) {
        this(id, creationTime, lastAccessedTime, maxInactiveInterval, attributes, principal, Map.of());
    }

    /** A session that belongs to no user. */
    public StoredSession(String id, long creationTime, long lastAccessedTime, int maxInactiveInterval,
            Map<String, byte[]> attributes) {
        this(id, creationTime, lastAccessedTime, maxInactiveInterval, attributes, null);
    }

    /** The same session with the changes' principal applied. */
    public StoredSession withPrincipalOf(SessionChanges changes) {
        String bound = changes.principal() == null ? principal
                : changes.principal().isEmpty() ? null : changes.principal();
        return new StoredSession(id, creationTime, lastAccessedTime, maxInactiveInterval, attributes, bound, deferred);
    }
}
