package dev.portablesession;

/** When the session cookie carries the {@code Secure} attribute (setting {@code cookie.secure}). */
public enum CookieSecure {

    /**
     * Secure when the request is secure ({@code ServletRequest.isSecure()}); the default. Behind a
     * proxy that terminates TLS, the container must be told about the original scheme (forwarded
     * headers), or the cookie goes out without {@code Secure}.
     */
    AUTO("auto"),
    /**
     * Always Secure: the browser never sends the cookie over plain HTTP, so sessions do not work
     * over {@code http://} (for example in local development). Required for
     * {@code cookie.same-site=None}.
     */
    ALWAYS("true"),
    /** Never Secure: the cookie also travels over plain HTTP, where it can be stolen. */
    NEVER("false");

    private final String configValue;

    CookieSecure(String configValue) {
        this.configValue = configValue;
    }

    /**
     * @return the spelling in init-params, context-params, system properties and environment
     *     variables: {@code auto}, {@code true} or {@code false}; the library's log lines use it too
     */
    public String configValue() {
        return configValue;
    }
}
