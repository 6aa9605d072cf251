package dev.portablesession;

/**
 * Whether sessions that expire by idle time produce expiry events ({@code sessionDestroyed}, and
 * {@code valueUnbound} and {@code attributeRemoved} for each attribute), exactly once across all
 * servers (setting {@code expiry.events}).
 */
public enum ExpiryEvents {

    /**
     * On when something in the application listens for them (a session listener the filter
     * calls), off otherwise. The default.
     */
    AUTO("auto"),
    /**
     * Always on. Every script that touches a session also keeps its entry in a sorted set of due
     * times (one more command inside the same round trip: no extra round trip per request); each
     * server polls that index every {@code expiry.poll-interval} (one batch of 64 small scripts,
     * one round trip per Redis node); and an expired session's data stays in Redis for up to
     * {@code expiry.horizon} after its expiry when no server is there to claim it.
     */
    ON("on"),
    /**
     * Never: no index, no poller, no horizon. An idle session simply vanishes from Redis at its
     * expiry, and nobody is told.
     */
    OFF("off");

    private final String configValue;

    ExpiryEvents(String configValue) {
        this.configValue = configValue;
    }

    /**
     * @return the spelling in init-params, context-params, system properties and environment
     *     variables: {@code auto}, {@code on} or {@code off}
     */
    public String configValue() {
        return configValue;
    }
}
