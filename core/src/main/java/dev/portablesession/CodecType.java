package dev.portablesession;

/** How session attribute values are encoded in Redis (setting {@code codec}). */
public enum CodecType {

    /**
     * JSON through Jackson, with type information limited to an allow-list; the default.
     * Readable in {@code redis-cli} and tolerant of fields added to or removed from a class, but
     * the attribute types must be JSON-friendly (a creator, getters or fields Jackson can use).
     */
    JSON("json"),
    /**
     * JDK serialization guarded by an {@code ObjectInputFilter} allow-list, for applications
     * whose session objects are {@code Serializable} but not JSON-friendly. Opaque bytes, and a
     * changed class (a different {@code serialVersionUID}) can no longer be decoded.
     */
    JDK("jdk");

    private final String configValue;

    CodecType(String configValue) {
        this.configValue = configValue;
    }

    /**
     * @return the spelling in init-params, context-params, system properties and environment
     *     variables: {@code json} or {@code jdk}; the library's log lines use it too
     */
    public String configValue() {
        return configValue;
    }
}
