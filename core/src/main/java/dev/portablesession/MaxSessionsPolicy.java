package dev.portablesession;

/**
 * What a login does when its user already holds {@code principal.max-sessions} sessions across
 * all servers (setting {@code principal.max-sessions-policy}).
 */
public enum MaxSessionsPolicy {

    /**
     * The new login goes ahead, and the user's least recently used other sessions are
     * invalidated until the user holds the limit: their listeners are told as for any
     * invalidation, and their next request finds no session. The default.
     */
    EVICT_OLDEST("evict-oldest"),
    /**
     * The user's other sessions stay, and the new one is not let in: with
     * {@code principal=attribute:NAME}, {@code setAttribute(NAME, user)} throws
     * {@link SessionLimitException} and stores nothing, so the application can say why; with
     * {@code remote-user} or a resolver of the builder, the user is found only as the request
     * saves its session, after the application answered: that session is then invalidated (the
     * request gets the attribute {@link RedisSessionFilter#SESSION_LIMIT_ATTRIBUTE}, too late for
     * its page to react), and its next request finds no session. To tell the user why, check
     * {@link UserSessions#list} before logging them in.
     */
    REFUSE("refuse");

    private final String configValue;

    MaxSessionsPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** @return the spelling in settings: {@code evict-oldest} or {@code refuse} */
    public String configValue() {
        return configValue;
    }
}
