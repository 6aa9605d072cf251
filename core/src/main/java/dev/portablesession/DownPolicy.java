package dev.portablesession;

/**
 * What requests that need a session get while Redis does not answer (setting
 * {@code redis.down-policy}).
 */
public enum DownPolicy {

    /**
     * A 503 with {@code Retry-After} and a short message, once the request budget is spent;
     * requests that do not use their session are unaffected. Nothing is ever served that Redis
     * does not hold. The default.
     */
    FAIL("fail"),
    /**
     * Sessions are served from this server's memory until Redis answers again, and the request
     * attribute {@value RedisSessionFilter#DEGRADED_ATTRIBUTE} tells the application so. Then each
     * session is reconciled: invalidations are applied, sessions created meanwhile are written,
     * changes to a session this server had seen before the outage are written back if the stored
     * session has not moved since, and other changes are dropped and counted
     * ({@link SessionMetrics#getDegradedChangesDropped()}). Users keep working through an outage,
     * at the price of changes that may be dropped and of sessions that, seen on another server
     * meanwhile, look different there.
     */
    DEGRADE("degrade");

    private final String configValue;

    DownPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** @return the spelling in settings and log lines: {@code fail} or {@code degrade} */
    public String configValue() {
        return configValue;
    }
}
