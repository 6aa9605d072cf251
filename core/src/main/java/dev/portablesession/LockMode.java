package dev.portablesession;

/**
 * Whether requests on one session run in parallel or one at a time (setting {@code lock.mode}).
 */
public enum LockMode {

    /**
     * Requests on one session run in parallel, on any server. Each writes only the attributes it
     * changed, atomically, so requests changing different attributes never lose each other's
     * updates; two requests changing the same attribute end with the last writer's value, never a
     * mix. Costs nothing extra. The default, and right for most applications.
     */
    NONE("none"),
    /**
     * Requests on one session run one at a time across all servers, through a lock in Redis with
     * a lease (a crashed server cannot hold it forever) and a fencing token that the save checks
     * (a request whose lease ran out cannot overwrite the work of the next holder). Needed when a
     * request reads an attribute, computes, and writes it back and no update may be lost (a
     * counter, a balance). Costs one more Redis round trip on read-only requests (the unlock) and
     * waiting on busy sessions: parallel requests of one user (a page loading several AJAX calls)
     * queue up; exclude those that do not need it with {@code lock.exclude}.
     */
    EXCLUSIVE("exclusive");

    private final String configValue;

    LockMode(String configValue) {
        this.configValue = configValue;
    }

    /**
     * @return the spelling in init-params, context-params, system properties and environment
     *     variables: {@code none} or {@code exclusive}; the library's log lines use it too
     */
    public String configValue() {
        return configValue;
    }
}
