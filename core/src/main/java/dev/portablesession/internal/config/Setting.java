package dev.portablesession.internal.config;

import dev.portablesession.SameSite;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration setting of the session filter, with its names in each source and its
 * default. The configuration reference ({@code docs/configuration.md}) lists exactly these, and a
 * test keeps the two in step.
 */
public enum Setting {

    /** Redis server as a {@code redis://} or {@code rediss://} URL. */
    REDIS_URL("redis.url", "redis://127.0.0.1:6379", "redis://127.0.0.1:6379",
            "Redis server: redis:// or rediss:// (TLS) URL with optional user:password@ or "
                    + ":password@, port (default 6379) and /database (default 0); or "
                    + "redis-sentinel://[user:password@]sentinel[:port],...[/database]#master"),
    /** Redisson YAML file for Cluster, Sentinel, replicated or custom TLS setups. */
    REDIS_CONFIG_FILE("redis.config-file", null, "none",
            "Redisson YAML config file for Cluster, Sentinel, replicated or custom TLS setups; "
                    + "replaces redis.url"),
    /** File holding the Redis password, read again for each new connection. */
    REDIS_PASSWORD_FILE("redis.password-file", null, "none",
            "file holding the Redis password (for the ACL user of redis.url's user@, or of the Redisson file's "
                    + "username), read again for each new connection: rotate the password without a restart; "
                    + "replaces a password in redis.url or in the Redisson file"),
    /** Time allowed to open a connection to Redis. */
    REDIS_CONNECT_TIMEOUT("redis.connect-timeout", "5s", "5s",
            "time allowed to open a connection to Redis"),
    /** Time allowed for Redis to answer one command. */
    REDIS_TIMEOUT("redis.timeout", "3s", "3s", "time allowed for Redis to answer one command"),
    /** Time one request may wait on Redis in all, retries included. */
    REDIS_REQUEST_BUDGET("redis.request-budget", "5s", "5s",
            "time one request may wait on Redis in all, whatever the retry settings (of a Redisson file too); "
                    + "then it gets 503"),
    /** Whether filters with the same Redis settings share one client. */
    REDIS_SHARE_CLIENT("redis.share-client", "false", "false",
            "true: every filter whose library classes come from one class loader (all applications, when the "
                    + "library is in the container's shared lib) and whose Redis settings are the same shares one "
                    + "Redis client, its connections and threads"),
    /** What requests that need a session get while Redis does not answer. */
    REDIS_DOWN_POLICY("redis.down-policy", "fail", "fail",
            "while Redis does not answer: fail (requests that need a session get 503) or degrade (sessions "
                    + "kept in this server's memory, reconciled when Redis answers again)"),
    /** Replicas that must confirm each session write (Redis WAIT). */
    REDIS_WAIT_REPLICAS("redis.wait-replicas", "0", "0",
            "replicas of the master that must confirm each session write (Redis WAIT, in the write's round "
                    + "trip) before the request succeeds; 0: none, the write is done when the master has it"),
    /** How long a write waits for its replicas. */
    REDIS_WAIT_TIMEOUT("redis.wait-timeout", "1s", "1s",
            "how long a session write waits for redis.wait-replicas replicas; too few in time: 503"),
    /**
     * Whether the library's {@code ServletContainerInitializer} registers the filter. Read only
     * from system properties, environment variables and context-params: it is decided before any
     * filter exists.
     */
    AUTO_REGISTER("auto-register", "auto", "auto",
            "whether the library's ServletContainerInitializer registers the filter: auto (when "
                    + "redis.url or redis.config-file is a context-param), true or false"),
    /** Prefix of the Redis keys of this application's sessions. */
    NAMESPACE("namespace", null, "session:<context path without leading slash, or ROOT>",
            "Redis key prefix; keys are <namespace>:{<bucket>}:<session id>; applications that share a "
                    + "namespace share sessions"),
    /** Idle time after which a session expires. */
    MAX_INACTIVE_INTERVAL("max-inactive-interval", "30m",
            "web.xml <session-timeout>, else 30m",
            "idle time after which a session expires; zero or negative: never"),
    /** Whether every request that presents a session id restarts its idle time. */
    TOUCH_ON_EVERY_REQUEST("touch-on-every-request", "false", "false",
            "true: every request that presents a well-formed session id loads the session, "
                    + "restarting its idle time, even when the application does not use it; false: only "
                    + "requests that call getSession do"),
    /** Whether a container session is copied into a new session of ours, for a migration. */
    ADOPT_CONTAINER_SESSIONS("adopt-container-sessions", "false", "false",
            "true: a request that carries no session of the filter's but has a container session "
                    + "(the deployment being migrated) gets a new session with the container session's "
                    + "attributes, and the container session is invalidated; for the switch-over only"),
    /** Name of the session cookie. */
    COOKIE_NAME("cookie.name", "SESSION", "SESSION", "name of the session cookie"),
    /** Path attribute of the session cookie. */
    COOKIE_PATH("cookie.path", null, "the context path, or /", "Path attribute of the cookie"),
    /** Domain attribute of the session cookie. */
    COOKIE_DOMAIN("cookie.domain", null, "none (host-only cookie)",
            "Domain attribute of the cookie"),
    /** When the session cookie carries the Secure attribute. */
    COOKIE_SECURE("cookie.secure", "auto", "auto",
            "Secure attribute: auto (when the request is secure), true or false"),
    /** Whether the session cookie carries the HttpOnly attribute. */
    COOKIE_HTTP_ONLY("cookie.http-only", "true", "true",
            "HttpOnly attribute: hides the cookie from JavaScript"),
    /** SameSite attribute of the session cookie. */
    COOKIE_SAME_SITE("cookie.same-site", "Lax", "Lax", "SameSite attribute"),
    /** Max-Age attribute of the session cookie. */
    COOKIE_MAX_AGE("cookie.max-age", "-1", "-1 (browser-session cookie)",
            "Max-Age attribute; negative: the cookie lasts until the browser closes"),
    /** How the session id travels: in the cookie, in the URL, or both. */
    TRACKING_MODES("tracking-modes", "COOKIE",
            "web.xml <tracking-mode> or ServletContext.setSessionTrackingModes when they differ from the container's default, else COOKIE",
            "how the session id travels: COOKIE, URL (the ;<cookie.name>=<id> path parameter, "
                    + "added by encodeURL), or COOKIE,URL"),
    /** How attribute values are encoded in Redis. */
    CODEC("codec", "json", "json", "attribute encoding: json (Jackson) or jdk (serialization)"),
    /** Application types the codec may decode, beyond the JDK's value types. */
    CODEC_ALLOW("codec.allow", null, "empty",
            "application types the codec may decode: com.acme.Cart, com.acme.* (package), "
                    + "com.acme.** (package and subpackages)"),
    /** Whether the application's own classes (in WEB-INF/classes) are allowed without codec.allow. */
    CODEC_ALLOW_APPLICATION_CLASSES("codec.allow-application-classes", "true", "true",
            "allow the application's own classes (class files in WEB-INF/classes) without listing them "
                    + "in codec.allow; false: only the JDK's types and codec.allow"),
    /** Jackson modules the JSON codec registers, for framework objects. */
    CODEC_JACKSON_MODULES("codec.jackson-modules", null, "empty",
            "with codec=json: Jackson 3 module classes (each with a public no-argument constructor) the codec "
                    + "registers, separated by commas, so framework objects such as Spring Security's can be stored; "
                    + "the classes they store still need codec.allow"),
    /** Jackson mix-ins the JSON codec applies. */
    CODEC_JACKSON_MIXINS("codec.jackson-mixins", null, "empty",
            "with codec=json: target=mix-in pairs of class names, separated by commas: the Jackson annotations of "
                    + "the mix-in apply to the target class, for a class that cannot be annotated itself"),
    /** Encoded size above which a value is stored compressed. */
    CODEC_COMPRESS_ABOVE("codec.compress-above", "off", "off",
            "values whose encoding is larger than this size (such as 16KiB) are stored compressed with Deflate; off: "
                    + "none; a value is read however it was stored, so the setting can change on a running cluster"),
    /** File of AES keys: attribute values are stored encrypted when it is set. */
    ENCRYPTION_KEY_FILE("encryption.key-file", null, "none",
            "file of AES keys, one <id>=<base64 128 or 256 bits> per line: attribute values are stored "
                    + "encrypted with AES-GCM under the first key, and any key listed decrypts"),
    /** Largest encoded size of one attribute. */
    ATTRIBUTE_MAX_SIZE("attribute.max-size", "1MiB", "1MiB",
            "largest encoded size of one attribute; setAttribute fails beyond it"),
    /** Size above which an attribute is fetched when read rather than with the session. */
    ATTRIBUTE_LAZY_ABOVE("attribute.lazy-above", "16KiB", "16KiB",
            "an attribute whose stored value is larger is not sent with the session: a request that reads it "
                    + "fetches it then (one more round trip), one that does not never moves it; off: every load "
                    + "sends every attribute"),
    /** Most attributes one session may hold. */
    SESSION_MAX_ATTRIBUTES("session.max-attributes", "1000", "1000",
            "most attributes one session holds; setAttribute of one more fails"),
    /** Largest encoded size of all of one session's attributes together. */
    SESSION_MAX_SIZE("session.max-size", "8MiB", "8MiB",
            "largest encoded size of all of a session's attributes together; setAttribute fails beyond it"),
    /** What happens when a stored attribute cannot be decoded. */
    ATTRIBUTE_DECODE_FAILURE("attribute.decode-failure", "drop", "drop",
            "what happens when a stored attribute cannot be decoded: drop, remove or fail"),
    /** Whether attributes changed in place, without a new setAttribute, are found and saved. */
    ATTRIBUTE_CHANGE_DETECTION("attribute.change-detection", "true", "true",
            "save attributes that were read and changed in place, found by encoding them again "
                    + "at save time; false: only attributes passed to setAttribute, and removals, are saved"),
    /** Whether requests on one session run in parallel or one at a time. */
    LOCK_MODE("lock.mode", "none", "none",
            "none: requests on one session run in parallel, each writing only what it changed; "
                    + "exclusive: they run one at a time across all servers (a Redis lock)"),
    /** How long a request may hold the session lock before another may take it. */
    LOCK_LEASE("lock.lease", "30s", "30s",
            "with lock.mode=exclusive: how long a request holds the lock at most; a request "
                    + "still running after it cannot save any more"),
    /** How long a request waits for the session lock. */
    LOCK_WAIT_TIMEOUT("lock.wait-timeout", "10s", "10s",
            "with lock.mode=exclusive: how long a request waits for the lock before it gets a 503"),
    /** Requests served without the session lock. */
    LOCK_EXCLUDE("lock.exclude", null, "empty",
            "with lock.mode=exclusive: URL patterns of requests that never wait for the lock "
                    + "(/static/*, *.css, /health), separated by commas; they use the session unlocked"),
    /** Session listener classes the filter calls besides those the application declares. */
    LISTENERS("listeners", null, "empty",
            "HttpSessionListener, HttpSessionAttributeListener and HttpSessionIdListener classes to call, "
                    + "besides those declared in web.xml, web-fragment.xml or by @WebListener: for listeners "
                    + "the application adds in code"),
    /** Whether sessions expiring by idle time produce expiry events. */
    EXPIRY_EVENTS("expiry.events", "auto", "auto",
            "whether idle expiry produces sessionDestroyed and attribute removals, once across all servers: "
                    + "auto (when the application listens), on or off"),
    /** How often each server looks for expired sessions. */
    EXPIRY_POLL_INTERVAL("expiry.poll-interval", "1s", "1s",
            "with expiry events: how often each server claims expired sessions; events come at most about "
                    + "this long after the expiry"),
    /** How long an expired session's data waits for a server to claim it. */
    EXPIRY_HORIZON("expiry.horizon", "1h", "1h",
            "with expiry events: how long an expired session stays in Redis when no server claims it "
                    + "(all down); a server back within it still fires the events"),
    /** Who a session belongs to, for the sessions by user. */
    PRINCIPAL("principal", "off", "off",
            "who a session belongs to, for listing and ending a user's sessions on every server: off, "
                    + "remote-user (request.getRemoteUser() as the request saves the session) or attribute:NAME "
                    + "(session attribute NAME: a String, or a java.security.Principal's name); needs expiry events "
                    + "(auto turns them on)"),
    /** Most sessions one user may hold at once. */
    PRINCIPAL_MAX_SESSIONS("principal.max-sessions", "0", "0",
            "with principal: most sessions one user holds at once, across all servers; 0: no limit"),
    /** What a login over the limit does. */
    PRINCIPAL_MAX_SESSIONS_POLICY("principal.max-sessions-policy", "evict-oldest", "evict-oldest",
            "with principal.max-sessions: evict-oldest (the user's least recently used sessions are invalidated) "
                    + "or refuse (the new login's session is invalidated; with attribute:NAME, setAttribute fails)");

    private static final String PREFIX = "portablesession.";

    private final String key;
    private final String defaultValue;
    private final String defaultDescription;
    private final String description;

    Setting(String key, String defaultValue, String defaultDescription, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.defaultDescription = defaultDescription;
        this.description = description;
    }

    /**
     * @param key a setting name such as {@code "redis.url"}
     * @return the setting of that name, or empty if there is none (useful to warn about typos)
     */
    public static Optional<Setting> forKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /**
     * @return the setting's name, such as {@code "redis.url"}: the filter init-param name and the
     *     key in the builder and container-default maps
     */
    public String key() {
        return key;
    }

    /** @return the Java system property name, such as {@code "portablesession.redis.url"} */
    public String systemProperty() {
        return PREFIX + key;
    }

    /**
     * @return the environment variable name: {@code PORTABLESESSION_} followed by the name
     *     upper-cased with {@code .} and {@code -} turned into {@code _}, such as
     *     {@code "PORTABLESESSION_COOKIE_SAME_SITE"}
     */
    public String environmentVariable() {
        return (PREFIX + key).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** @return the servlet context-param name, such as {@code "portablesession.redis.url"} */
    public String contextParam() {
        return PREFIX + key;
    }

    /** @return the default in words, as the configuration reference states it */
    public String defaultDescription() {
        return defaultDescription;
    }

    /** @return what the setting controls, in one phrase */
    public String description() {
        return description;
    }

    /** The built-in default in the setting's own syntax, or {@code null} when there is none. */
    String defaultValue() {
        return defaultValue;
    }
}
