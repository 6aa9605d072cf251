package dev.portablesession;

/**
 * What happens when a stored attribute cannot be decoded, for example because its class was
 * removed or changed incompatibly (setting {@code attribute.decode-failure}). One such attribute
 * never breaks the rest of the session.
 */
public enum DecodeFailurePolicy {

    /**
     * The attribute is treated as absent in this request and the failure is logged once; the
     * stored value stays in Redis. Safe during a rolling deployment or a rollback, where a server
     * running the other version can still read it; but the application sees {@code null} and may
     * overwrite the value. The default.
     */
    DROP("drop"),
    /**
     * Like {@link #DROP}, and the attribute is also removed from Redis at the next save, so the
     * undecodable value does not linger until the session expires. Irreversible: servers that
     * could still decode it lose it too.
     */
    REMOVE("remove"),
    /**
     * {@code getAttribute} throws {@code IllegalStateException}: nothing is hidden, but every
     * request that reads the attribute fails until the code or the data is fixed.
     */
    FAIL("fail");

    private final String configValue;

    DecodeFailurePolicy(String configValue) {
        this.configValue = configValue;
    }

    /**
     * @return the spelling in init-params, context-params, system properties and environment
     *     variables: {@code drop}, {@code remove} or {@code fail}; the library's log lines use it too
     */
    public String configValue() {
        return configValue;
    }
}
