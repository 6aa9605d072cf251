package dev.portablesession.internal.metrics;

/**
 * The sessions by user on JMX ({@code dev.portablesession:type=UserSessions,...}): for an operator
 * who must see or end one user's sessions. Session ids are shown masked.
 */
public interface UserSessionsAdminMXBean {

    /**
     * @param principal the user's name
     * @return one line per live session, least recently used first: masked id, creation time and
     *     last access (ISO-8601, UTC)
     */
    String[] listSessions(String principal);

    /** @return how many sessions of the user this call invalidated, on every server */
    int invalidateAll(String principal);
}
