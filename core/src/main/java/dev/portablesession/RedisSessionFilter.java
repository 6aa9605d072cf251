package dev.portablesession;

import dev.portablesession.internal.codec.json.JacksonExtensions;
import dev.portablesession.internal.config.Setting;
import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.config.UnknownSettings;
import dev.portablesession.internal.filter.ServletListeners;
import dev.portablesession.internal.filter.SessionFilterCore;
import dev.portablesession.internal.store.redis.RedisConnections;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.redisson.api.RedissonClient;
import tools.jackson.databind.JacksonModule;

/**
 * A servlet filter that stores HTTP sessions in Redis, so every server behind a load balancer
 * sees the same sessions. After it, {@code request.getSession()} returns a session loaded from
 * Redis (once per request) and saved back before the response commits, on any Servlet 6
 * container.
 *
 * <p>Register it first in the chain, for every dispatcher type, either in {@code web.xml} with
 * init-params named like the settings in {@code docs/configuration.md}, or programmatically with
 * {@link #builder()}. A subclass with no body of its own serves for registration by
 * {@code @WebFilter}.
 *
 * <p>Where a setting is given in several places, the first of these wins:
 *
 * <ol>
 *   <li>the system property {@code portablesession.<setting>};
 *   <li>the environment variable {@code PORTABLESESSION_<SETTING>} (upper case, {@code .} and
 *       {@code -} as {@code _});
 *   <li>the filter's init-param {@code <setting>};
 *   <li>the context-param {@code portablesession.<setting>};
 *   <li>the {@link Builder};
 *   <li>for {@code redis.url} only, the environment variable {@code REDIS_URL}, and only when none
 *       of the places above sets {@code redis.url} or {@code redis.config-file};
 *   <li>{@code web.xml <session-config>} ({@code <session-timeout>}, {@code <cookie-config>});
 *   <li>the built-in default.
 * </ol>
 *
 * <p>So a deployment can point at its Redis, or change any other setting, without a rebuild.
 *
 * <p>When Redis cannot be reached the application still starts; requests that need a session get
 * a 503 until Redis answers again, and requests that do not are unaffected; or, with
 * {@link DownPolicy#DEGRADE}, they get sessions kept in the server's memory meanwhile.
 */
public class RedisSessionFilter implements Filter {

    /**
     * The request attribute, {@link Boolean#TRUE}, on a request whose session is served from the
     * server's memory because Redis does not answer ({@link DownPolicy#DEGRADE}); absent
     * otherwise.
     */
    public static final String DEGRADED_ATTRIBUTE = SessionFilterCore.DEGRADED_ATTRIBUTE;

    /**
     * The request attribute, {@link Boolean#TRUE}, on a request whose session was invalidated
     * because its user already held {@code principal.max-sessions} sessions and
     * {@code principal.max-sessions-policy=refuse} ({@link MaxSessionsPolicy#REFUSE}); absent
     * otherwise.
     */
    public static final String SESSION_LIMIT_ATTRIBUTE = SessionFilterCore.SESSION_LIMIT_ATTRIBUTE;

    private final Map<String, String> programmatic;
    private final RedissonClient redissonClient;
    private final List<EventListener> listeners;
    private final JacksonExtensions jacksonModules;
    private final BiFunction<HttpServletRequest, HttpSession, String> principalResolver;
    private volatile SessionFilterCore core;

    /**
     * A filter configured by init-params, context-params, system properties and environment
     * only; the constructor the container calls for a filter declared in {@code web.xml}.
     */
    public RedisSessionFilter() {
        this(Map.of(), null, List.of(), JacksonExtensions.NONE, null);
    }

    private RedisSessionFilter(Map<String, String> programmatic, RedissonClient redissonClient, List<EventListener> listeners,
            JacksonExtensions jacksonModules, BiFunction<HttpServletRequest, HttpSession, String> principalResolver) {
        this.principalResolver = principalResolver;
        this.programmatic = Map.copyOf(programmatic);
        this.redissonClient = redissonClient;
        this.listeners = List.copyOf(listeners);
        this.jacksonModules = jacksonModules;
    }

    /** @return a new builder in which every setting is unset, so each keeps its default */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the settings from every source, in the order of the class description, and connects
     * to Redis. Called by the container.
     *
     * @throws ServletException when a setting is invalid; the message names it, where its value
     *     came from and what is expected
     */
    @Override
    public final void init(FilterConfig filterConfig) throws ServletException {
        try {
            core = SessionFilterCore.start(filterConfig, programmatic, redissonClient == null ? null
                    : (settings, namespace, expiry) -> RedisConnections.open(settings, namespace, expiry, redissonClient),
                    listeners, jacksonModules, principalResolver);
        } catch (IllegalArgumentException e) {
            throw new ServletException("RedisSessionFilter: " + e.getMessage());
        }
    }

    /**
     * Wraps the request so that {@code getSession()} returns a session stored in Redis, and saves
     * it before the response commits. Called by the container.
     *
     * @throws ServletException when called before {@link #init} or after {@link #destroy}
     */
    @Override
    public final void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (core == null) {
            throw new ServletException("RedisSessionFilter used before init() or after destroy()");
        }
        core.doFilter(request, response, chain);
    }

    /**
     * Closes the connection to Redis, unless the Redisson client came from
     * {@link Builder#redissonClient}. Called by the container.
     */
    /**
     * What this filter has done since {@code init}: the same meters as its JMX MXBean
     * {@code dev.portablesession:type=SessionFilter,context=...,namespace=...}, and a live
     * health check of Redis ({@link SessionMetrics#isStoreAnswering()}).
     *
     * @return the filter's metrics, live: each call of a getter reads the current value
     * @throws IllegalStateException before {@code init} or after {@code destroy}
     */
    public SessionMetrics metrics() {
        SessionFilterCore running = core;
        if (running == null) {
            throw new IllegalStateException("RedisSessionFilter.metrics() called before init() or after destroy()");
        }
        return running.metrics();
    }

    /**
     * The sessions of each user, on every server sharing this filter's namespace: list them, end
     * them, for "log out everywhere" and admin pages.
     *
     * @return the filter's {@link UserSessions}
     * @throws IllegalStateException before {@code init}, after {@code destroy}, or when sessions
     *     belong to nobody (neither the {@code principal} setting nor
     *     {@link Builder#principalResolver} says who they belong to)
     */
    public UserSessions userSessions() {
        SessionFilterCore running = core;
        if (running == null) {
            throw new IllegalStateException("RedisSessionFilter.userSessions() called before init() or after destroy()");
        }
        if (running.userSessions() == null) {
            throw notByUser();
        }
        return running.userSessions();
    }

    /**
     * {@link #userSessions()} of the filter that serves {@code context}: for an application whose
     * filter the container made (web.xml, the initializer).
     *
     * @param context the application's servlet context
     * @return that filter's {@link UserSessions}
     * @throws IllegalStateException when no running filter of {@code context} keeps sessions by user
     */
    public static UserSessions userSessions(ServletContext context) {
        Object users = Objects.requireNonNull(context, "context").getAttribute(SessionFilterCore.USER_SESSIONS_ATTRIBUTE);
        if (users instanceof UserSessions found) {
            return found;
        }
        throw notByUser();
    }

    private static IllegalStateException notByUser() {
        return new IllegalStateException("no RedisSessionFilter of this application keeps sessions by user: set "
                + "principal (remote-user or attribute:NAME), or give the builder a principalResolver");
    }

    @Override
    public final void destroy() {
        if (core != null) {
            core.close();
            core = null;
        }
    }

    /** The builder's values, keyed by setting name, for tests of their precedence. */
    Map<String, String> programmaticSettings() {
        return programmatic;
    }

    /**
     * Programmatic configuration, for {@code ServletContext.addFilter} and embedded servers. Each
     * method sets the setting of the same name in {@code docs/configuration.md}; a setting whose
     * method is not called keeps its default. System properties, environment variables,
     * init-params and context-params override what is set here (see {@link RedisSessionFilter}).
     * Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {

        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<EventListener> listeners = new ArrayList<>();
        private JacksonExtensions jacksonModules = JacksonExtensions.NONE;
        private BiFunction<HttpServletRequest, HttpSession, String> principalResolver;
        private RedissonClient redissonClient;

        private Builder() {
        }

        /**
         * {@code redis.url}: the Redis server, {@code redis://[[user]:password@]host[:port][/database]},
         * or {@code rediss://} for TLS; user and password percent-encoded, an IPv6 host in brackets.
         * Port 6379 and database 0 when left out. Default {@code redis://127.0.0.1:6379} (or the
         * environment variable {@code REDIS_URL}). Cannot be combined with {@link #redisConfigFile}.
         *
         * @param url the URL; checked by {@link #build()}
         * @return this builder
         */
        public Builder redisUrl(String url) {
            return set("redis.url", url);
        }

        /**
         * {@code redis.config-file}: a Redisson YAML file, for Cluster, Sentinel, replicated or
         * custom TLS set-ups; connection and timeouts then come from the file. Default none.
         * Cannot be combined with {@link #redisUrl}.
         *
         * @param file the file; it must exist and be readable when {@link #build()} is called
         * @return this builder
         */
        public Builder redisConfigFile(Path file) {
            return set("redis.config-file", Objects.requireNonNull(file, "file").toString());
        }

        /**
         * {@code redis.password-file}: a file holding the Redis password, read again each time a
         * connection is opened, so the password can be rotated without a restart. The user comes
         * from {@code redis.url} ({@code redis://user:@host:6379}) or the Redisson file's
         * {@code username}. Replaces a password in the Redisson file; cannot be combined with a
         * password in {@code redis.url}. Default none.
         *
         * @param file the file; it must exist, be readable and not be empty when {@link #build()} is called
         * @return this builder
         */
        public Builder redisPasswordFile(Path file) {
            return set("redis.password-file", Objects.requireNonNull(file, "file").toString());
        }

        /**
         * {@code encryption.key-file}: attribute values are stored encrypted with AES-GCM under
         * the keys of this file, one {@code <id>=<base64 key>} (128 or 256 bits) per line; the
         * first encrypts, every key listed decrypts. Keep the file out of the WAR. Default none
         * (values stored as the codec writes them).
         *
         * @param file the file; it must exist and hold at least one valid key when {@link #build()} is called
         * @return this builder
         */
        public Builder encryptionKeyFile(Path file) {
            return set("encryption.key-file", Objects.requireNonNull(file, "file").toString());
        }

        /**
         * A Redisson client the application already has, used instead of one the filter would
         * create; {@code redis.url}, {@code redis.config-file} and the Redis timeouts are then not
         * used, from whatever source they come (their values are still checked). The application
         * keeps ownership: the filter never shuts the client down. Default none.
         *
         * @param client the client
         * @return this builder
         */
        public Builder redissonClient(RedissonClient client) {
            this.redissonClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * {@code redis.connect-timeout}: time allowed to open a connection to Redis. Default 5
         * seconds.
         *
         * @param timeout more than 0 and at most 10 minutes; whole milliseconds (a finer part is
         *     dropped)
         * @return this builder
         */
        public Builder redisConnectTimeout(Duration timeout) {
            return set("redis.connect-timeout", millis(timeout));
        }

        /**
         * {@code redis.timeout}: time allowed for Redis to answer one command. Default 3 seconds.
         *
         * @param timeout more than 0 and at most 10 minutes; whole milliseconds (a finer part is
         *     dropped)
         * @return this builder
         */
        public Builder redisTimeout(Duration timeout) {
            return set("redis.timeout", millis(timeout));
        }

        /**
         * {@code redis.request-budget}: how long one request may wait on Redis in all, every call
         * and retry included, whatever a Redisson file's retry settings say; a request that runs
         * out gets 503. Time the application spends between calls does not count. Default 5 seconds.
         *
         * @param budget more than 0 and at most 10 minutes; whole milliseconds
         * @return this builder
         */
        public Builder redisRequestBudget(Duration budget) {
            return set("redis.request-budget", millis(budget));
        }

        /**
         * {@code redis.share-client}: whether this filter shares one Redis client (its connections
         * and threads) with every other filter whose library classes come from the same class
         * loader and whose Redis settings are the same: all applications of a container when the
         * library is in the container's shared {@code lib}. Default false: one client per filter.
         *
         * @param share true to share
         * @return this builder
         */
        public Builder redisShareClient(boolean share) {
            return set("redis.share-client", Boolean.toString(share));
        }

        /**
         * {@code redis.down-policy}: what requests that need a session get while Redis does not
         * answer: a 503 ({@link DownPolicy#FAIL}, the default) or a session kept in this server's
         * memory, reconciled when Redis is back ({@link DownPolicy#DEGRADE}).
         *
         * @param policy any constant
         * @return this builder
         */
        public Builder redisDownPolicy(DownPolicy policy) {
            return set("redis.down-policy", Objects.requireNonNull(policy, "policy").configValue());
        }

        /**
         * {@code redis.wait-replicas}: how many replicas of the master must confirm each session
         * write (Redis {@code WAIT}, sent with the write) before the request succeeds; a write that
         * too few confirm within {@link #redisWaitTimeout} gets 503. Default 0: a write is done
         * when the master has it, and a failover right after it can lose it.
         *
         * @param replicas 0 to 100
         * @return this builder
         */
        public Builder redisWaitReplicas(int replicas) {
            return set("redis.wait-replicas", Integer.toString(replicas));
        }

        /**
         * {@code redis.wait-timeout}: how long a session write waits for its
         * {@link #redisWaitReplicas replicas}. Default 1 second; shorter than the request budget.
         *
         * @param timeout more than 0 and at most 10 minutes; whole milliseconds
         * @return this builder
         */
        public Builder redisWaitTimeout(Duration timeout) {
            return set("redis.wait-timeout", millis(timeout));
        }

        /**
         * {@code namespace}: prefix of the Redis keys, {@code <namespace>:{<b>}:<session id>}
         * ({@code b} the id's first character); applications with the same namespace share
         * sessions. Default
         * {@code session:<context path without leading slash, or ROOT>}.
         *
         * @param namespace 1 to 100 characters, no {@code {}, {@code }}, whitespace or control
         *     characters
         * @return this builder
         */
        public Builder namespace(String namespace) {
            return set("namespace", namespace);
        }

        /**
         * {@code max-inactive-interval}: idle time after which a session expires. Default
         * {@code web.xml <session-timeout>}, else 30 minutes.
         *
         * @param interval whole seconds, at most {@link Integer#MAX_VALUE}; zero or negative:
         *     sessions never expire
         * @return this builder
         */
        public Builder maxInactiveInterval(Duration interval) {
            return set("max-inactive-interval", millis(interval));
        }

        /**
         * {@code cookie.name}: name of the session cookie. Default {@code SESSION}.
         *
         * @param name an RFC 6265 token (letters, digits and {@code !#$%&'*+-.^_`|~}); a
         *     {@code __Secure-} or {@code __Host-} name requires {@link CookieSecure#ALWAYS}, and
         *     {@code __Host-} also path {@code /} and no domain
         * @return this builder
         */
        public Builder cookieName(String name) {
            return set("cookie.name", name);
        }

        /**
         * {@code cookie.path}: {@code Path} attribute of the cookie. Default the context path, or
         * {@code /} for the root context.
         *
         * @param path starts with {@code /}; no {@code ;}, whitespace or control characters
         * @return this builder
         */
        public Builder cookiePath(String path) {
            return set("cookie.path", path);
        }

        /**
         * {@code cookie.domain}: {@code Domain} attribute of the cookie, to share it with
         * subdomains. Default none: the browser sends the cookie only to the host that set it.
         *
         * @param domain a domain name such as {@code example.com}
         * @return this builder
         */
        public Builder cookieDomain(String domain) {
            return set("cookie.domain", domain);
        }

        /**
         * {@code cookie.secure}: when the cookie carries {@code Secure}. Default
         * {@link CookieSecure#AUTO}, when the request is secure.
         *
         * @param secure any constant
         * @return this builder
         */
        public Builder cookieSecure(CookieSecure secure) {
            return set("cookie.secure", Objects.requireNonNull(secure, "secure").configValue());
        }

        /**
         * {@code cookie.http-only}: whether the cookie carries {@code HttpOnly}, which keeps it
         * away from JavaScript. Default {@code true}.
         *
         * @param httpOnly true or false
         * @return this builder
         */
        public Builder cookieHttpOnly(boolean httpOnly) {
            return set("cookie.http-only", Boolean.toString(httpOnly));
        }

        /**
         * {@code tracking-modes}: how the session id travels. Default: the modes the container
         * is configured with ({@code <tracking-mode>} in web.xml,
         * {@code ServletContext.setSessionTrackingModes}) when they differ from its defaults,
         * else {@link SessionTrackingMode#COOKIE} alone. With {@link SessionTrackingMode#URL},
         * {@code encodeURL} and {@code encodeRedirectURL} add {@code ;<cookie.name>=<id>} to
         * URLs of this application while the client has not returned the cookie.
         *
         * @param modes {@link SessionTrackingMode#COOKIE}, {@link SessionTrackingMode#URL} or
         *     both; {@link SessionTrackingMode#SSL} is refused by {@link #build()}
         * @return this builder
         */
        public Builder trackingModes(SessionTrackingMode... modes) {
            return set("tracking-modes", String.join(",", Arrays.stream(modes).map(SessionTrackingMode::name).toList()));
        }

        /**
         * {@code touch-on-every-request}: whether every request that presents a well-formed
         * session id loads the session, restarting its idle time, even when the application never
         * calls {@code getSession} (one Redis round trip). Default {@code false}: such requests
         * cost nothing, and do not keep the session alive.
         *
         * @param touch true or false
         * @return this builder
         */
        public Builder touchOnEveryRequest(boolean touch) {
            return set("touch-on-every-request", Boolean.toString(touch));
        }

        /**
         * {@code adopt-container-sessions}: for the switch from container sessions to this
         * filter, whether a request without a session of the filter's but with one of the
         * container's gets a new session with a copy of its attributes (the container's is then
         * invalidated); see {@code docs/migration.md}. Default {@code false}.
         *
         * @param adopt true or false
         * @return this builder
         */
        public Builder adoptContainerSessions(boolean adopt) {
            return set("adopt-container-sessions", Boolean.toString(adopt));
        }

        /**
         * {@code cookie.same-site}: {@code SameSite} attribute of the cookie. Default
         * {@link SameSite#LAX}.
         *
         * @param sameSite any constant; {@link SameSite#NONE} requires {@link CookieSecure#ALWAYS}
         *     (checked when the filter starts, as another source may set {@code cookie.secure})
         * @return this builder
         */
        public Builder cookieSameSite(SameSite sameSite) {
            return set("cookie.same-site", Objects.requireNonNull(sameSite, "sameSite").attributeValue());
        }

        /**
         * {@code cookie.max-age}: {@code Max-Age} attribute of the cookie. Default -1 second: no
         * {@code Max-Age}, the cookie lasts until the browser closes.
         *
         * @param maxAge whole seconds, at most {@link Integer#MAX_VALUE}; negative for a
         *     browser-session cookie; not zero (the browser would delete the cookie at once)
         * @return this builder
         */
        public Builder cookieMaxAge(Duration maxAge) {
            return set("cookie.max-age", millis(maxAge));
        }

        /**
         * {@code codec}: how attribute values are stored in Redis. Default {@link CodecType#JSON}.
         *
         * @param codec any constant
         * @return this builder
         */
        public Builder codec(CodecType codec) {
            return set("codec", Objects.requireNonNull(codec, "codec").configValue());
        }

        /**
         * {@code codec.allow}: application types the codec may decode, beyond the JDK's value
         * types, collections and {@code java.time}, which are always allowed. Default none.
         * Replaces what an earlier call set.
         *
         * @param entries class names ({@code com.acme.Cart}), packages ({@code com.acme.*}) or
         *     packages with their subpackages ({@code com.acme.**})
         * @return this builder
         */
        public Builder codecAllow(String... entries) {
            return set("codec.allow", String.join(",", entries));
        }

        /**
         * {@code codec.allow-application-classes}: whether the application's own classes, those
         * whose class file is in {@code WEB-INF/classes}, may be stored without listing them in
         * {@code codec.allow}. Default true. Library classes ({@code WEB-INF/lib}) always need
         * listing.
         *
         * @param allow false to allow only the JDK's value types and {@code codec.allow}
         * @return this builder
         */
        public Builder codecAllowApplicationClasses(boolean allow) {
            return set("codec.allow-application-classes", Boolean.toString(allow));
        }

        /**
         * {@code codec.jackson-modules}: Jackson 3 modules the JSON codec registers, so that a
         * framework's objects can be stored; for Spring Security,
         * {@code org.springframework.security.jackson.CoreJacksonModule},
         * {@code org.springframework.security.web.jackson.WebJacksonModule} and
         * {@code org.springframework.security.web.jackson.WebServletJacksonModule}. The filter makes
         * its own instance of each with its public no-argument constructor. A module changes how
         * classes are written, not which may be stored: those still need {@link #codecAllow}.
         * Ignored (with a warning) under {@link CodecType#JDK}. Default none. Replaces what an
         * earlier call set.
         *
         * @param classNames fully qualified names of subclasses of {@link JacksonModule}, loaded
         *     with the web application's class loader when the filter starts
         * @return this builder
         */
        public Builder codecJacksonModules(String... classNames) {
            return set("codec.jackson-modules", String.join(",", classNames));
        }

        /**
         * Jackson 3 module instances the JSON codec registers after those of
         * {@link #codecJacksonModules}: for a module without a public no-argument constructor, or
         * one the application configures, or mix-ins given as classes
         * ({@code new SimpleModule().setMixInAnnotation(Money.class, MoneyMixIn.class)}). As with
         * {@link #codecJacksonModules}, the classes such a module stores still need
         * {@link #codecAllow}. Each call adds to the earlier ones. Default none.
         *
         * @param modules the modules; the filter registers them, it does not copy them
         * @return this builder
         * @throws IllegalArgumentException for a module that replaces the codec's polymorphic type
         *     validator or default typing, which decide which classes stored JSON may name (such as
         *     the last module of Spring Security's {@code SecurityJacksonModules.getModules})
         */
        public Builder jacksonModules(JacksonModule... modules) {
            jacksonModules = jacksonModules.with(JacksonExtensions.ofModules(Arrays.asList(modules)));
            return this;
        }

        /**
         * {@code codec.jackson-mixins}: Jackson mix-ins of the JSON codec, for a class whose
         * source cannot be annotated: the Jackson annotations of the mix-in class (a
         * {@code @JsonCreator} constructor, {@code @JsonIgnore} on a getter) apply to the target
         * class. The target still needs {@link #codecAllow}. Ignored (with a warning) under
         * {@link CodecType#JDK}. Default none. Replaces what an earlier call set.
         *
         * @param pairs {@code target=mixin} pairs of fully qualified class names, such as
         *     {@code com.acme.Money=com.acme.json.MoneyMixIn}; loaded with the web application's
         *     class loader when the filter starts
         * @return this builder
         */
        public Builder codecJacksonMixins(String... pairs) {
            return set("codec.jackson-mixins", String.join(",", pairs));
        }

        /**
         * {@code codec.compress-above}: a value whose encoding is larger than this is stored
         * compressed (Deflate), marked so that every server reads it whatever its own setting.
         * Default off: nothing is compressed. To turn it off again over a value from another source,
         * {@code setting("codec.compress-above", "off")}.
         *
         * @param bytes from 1024 (1 KiB) to 536870912 (512 MiB); 16384 (16 KiB) compresses a 50 KB
         *     cart and leaves small values alone
         * @return this builder
         */
        public Builder codecCompressAbove(long bytes) {
            return set("codec.compress-above", Long.toString(bytes));
        }

        /**
         * {@code attribute.max-size}: largest encoded size of one attribute; {@code setAttribute}
         * throws {@link AttributeEncodingException} beyond it. Default 1 MiB (1048576 bytes).
         *
         * @param bytes from 1024 (1 KiB) to 536870912 (512 MiB)
         * @return this builder
         */
        public Builder attributeMaxSize(long bytes) {
            return set("attribute.max-size", Long.toString(bytes));
        }

        /**
         * {@code attribute.lazy-above}: an attribute whose stored value is larger is not sent with
         * the session; a request that reads it fetches it then (one more Redis round trip), and
         * a request that does not never moves it. Default 16 KiB; {@code setting("attribute.lazy-above",
         * "off")} sends every attribute with every load.
         *
         * @param bytes 1 KiB to 512 MiB
         * @return this builder
         */
        public Builder attributeLazyAbove(long bytes) {
            return set("attribute.lazy-above", Long.toString(bytes));
        }

        /**
         * {@code session.max-attributes}: most attributes one session holds; {@code setAttribute}
         * of a further name throws {@link AttributeEncodingException}. Default 1000.
         *
         * @param count from 1 to 1000000
         * @return this builder
         */
        public Builder sessionMaxAttributes(int count) {
            return set("session.max-attributes", Integer.toString(count));
        }

        /**
         * {@code session.max-size}: largest encoded size of all of one session's attributes
         * together; {@code setAttribute} throws {@link AttributeEncodingException} when the value
         * would take the session beyond it. Default 8 MiB (8388608 bytes).
         *
         * @param bytes from 1024 (1 KiB) to 536870912 (512 MiB)
         * @return this builder
         */
        public Builder sessionMaxSize(long bytes) {
            return set("session.max-size", Long.toString(bytes));
        }

        /**
         * {@code attribute.decode-failure}: what happens when a stored attribute cannot be
         * decoded. Default {@link DecodeFailurePolicy#DROP}.
         *
         * @param policy any constant
         * @return this builder
         */
        public Builder attributeDecodeFailure(DecodeFailurePolicy policy) {
            return set("attribute.decode-failure", Objects.requireNonNull(policy, "policy").configValue());
        }

        /**
         * {@code attribute.change-detection}: whether attributes read and changed in place are
         * found (by encoding them again at save time) and saved. Default {@code true}; false
         * saves only attributes passed to {@code setAttribute}, and suits applications that call
         * it after every change.
         *
         * @param detect true or false
         * @return this builder
         */
        public Builder attributeChangeDetection(boolean detect) {
            return set("attribute.change-detection", Boolean.toString(detect));
        }

        /**
         * {@code lock.mode}: whether requests on one session run in parallel or one at a time.
         * Default {@link LockMode#NONE}.
         *
         * @param mode any constant
         * @return this builder
         */
        public Builder lockMode(LockMode mode) {
            return set("lock.mode", Objects.requireNonNull(mode, "mode").configValue());
        }

        /**
         * {@code lock.lease}: with {@link LockMode#EXCLUSIVE}, the longest a request holds the
         * session lock; a request still running after it can no longer save. Default 30 seconds.
         *
         * @param lease more than 0 and at most 10 minutes; whole milliseconds (a finer part is
         *     dropped)
         * @return this builder
         */
        public Builder lockLease(Duration lease) {
            return set("lock.lease", millis(lease));
        }

        /**
         * {@code lock.wait-timeout}: with {@link LockMode#EXCLUSIVE}, the longest a request waits
         * for the session lock before it gets 503. Default 10 seconds.
         *
         * @param timeout more than 0 and at most 10 minutes; whole milliseconds (a finer part is
         *     dropped)
         * @return this builder
         */
        public Builder lockWaitTimeout(Duration timeout) {
            return set("lock.wait-timeout", millis(timeout));
        }

        /**
         * {@code lock.exclude}: with {@link LockMode#EXCLUSIVE}, requests that never wait for the
         * session lock and use the session unlocked. Default none. Replaces what an earlier call
         * set.
         *
         * @param patterns servlet URL patterns matched against the path inside the application:
         *     {@code /health} (exact), {@code /static/*} (prefix) or {@code *.css} (extension)
         * @return this builder
         */
        public Builder lockExclude(String... patterns) {
            return set("lock.exclude", String.join(",", patterns));
        }

        /**
         * {@code listeners}: session listener classes to call for the sessions in Redis, besides
         * those the application declares in {@code web.xml}, {@code web-fragment.xml} or by
         * {@code @WebListener}, which are found without configuration. The filter makes its own
         * instance of each, with its public no-argument constructor. Default none. Replaces what
         * an earlier call set.
         *
         * @param classNames fully qualified names of classes implementing
         *     {@code HttpSessionListener}, {@code HttpSessionAttributeListener} or
         *     {@code HttpSessionIdListener}; loaded when the filter starts
         * @return this builder
         */
        public Builder listeners(String... classNames) {
            return set("listeners", String.join(",", classNames));
        }

        /**
         * A session listener instance to call for the sessions in Redis, after every listener
         * class found or configured: for a listener the application adds with
         * {@code ServletContext.addListener}, which the filter cannot see, or one that needs
         * what the application gives its constructor. Each call adds one; they are called in
         * the order added. Default none.
         *
         * @param listener an {@code HttpSessionListener}, {@code HttpSessionAttributeListener}
         *     or {@code HttpSessionIdListener} (or several of them)
         * @return this builder
         * @throws IllegalArgumentException when {@code listener} is none of those
         */
        public Builder sessionListener(EventListener listener) {
            ServletListeners.checkKind(Objects.requireNonNull(listener, "listener"));
            listeners.add(listener);
            return this;
        }

        /**
         * {@code expiry.events}: whether sessions that expire by idle time produce
         * {@code sessionDestroyed} and attribute removals, exactly once across all servers.
         * Default {@link ExpiryEvents#AUTO}.
         *
         * @param events any constant; see each for its cost
         * @return this builder
         */
        public Builder expiryEvents(ExpiryEvents events) {
            return set("expiry.events", Objects.requireNonNull(events, "events").configValue());
        }

        /**
         * {@code expiry.poll-interval}: with expiry events, how often each server claims expired
         * sessions. Default 1 second.
         *
         * @param interval more than 0 and at most 10 minutes; whole milliseconds (a finer part is
         *     dropped)
         * @return this builder
         */
        public Builder expiryPollInterval(Duration interval) {
            return set("expiry.poll-interval", millis(interval));
        }

        /**
         * {@code expiry.horizon}: with expiry events, how long an expired session stays in Redis
         * when no server claims it (every server down); a server that returns within it still
         * fires the events. Default 1 hour.
         *
         * @param horizon at least 1 millisecond and at most 30 days; whole milliseconds
         * @return this builder
         */
        public Builder expiryHorizon(Duration horizon) {
            return set("expiry.horizon", millis(horizon));
        }

        /**
         * {@code principal}: who a session belongs to, for {@link RedisSessionFilter#userSessions()}.
         * Default {@code off}.
         *
         * @param source {@code off}, {@code remote-user} ({@code request.getRemoteUser()} of the
         *     request that saves the session) or {@code attribute:NAME} (the session attribute
         *     NAME, a {@code String} or a {@link java.security.Principal})
         * @return this builder
         */
        public Builder principal(String source) {
            return set("principal", source);
        }

        /**
         * Who a session belongs to, for a framework that keeps its user in its own object (Spring
         * Security's context, say); wins over the {@code principal} setting. Called as each
         * request saves its session, with the request and the session; the session belongs to
         * the name it returns, or to nobody when it returns null. It must be cheap: it runs at
         * every save of a request that used its session.
         *
         * @param resolver (request, session) to the user's name, or null
         * @return this builder
         */
        public Builder principalResolver(BiFunction<HttpServletRequest, HttpSession, String> resolver) {
            this.principalResolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * {@code principal.max-sessions}: most sessions one user holds at once, across all
         * servers. Default 0: no limit.
         *
         * @param sessions 0 to 1,000,000
         * @return this builder
         */
        public Builder principalMaxSessions(int sessions) {
            return set("principal.max-sessions", Integer.toString(sessions));
        }

        /**
         * {@code principal.max-sessions-policy}: what a login over the limit does. Default
         * {@link MaxSessionsPolicy#EVICT_OLDEST}.
         *
         * @param policy either constant
         * @return this builder
         */
        public Builder principalMaxSessionsPolicy(MaxSessionsPolicy policy) {
            return set("principal.max-sessions-policy", Objects.requireNonNull(policy, "policy").configValue());
        }

        /**
         * Sets any setting by its name in {@code docs/configuration.md}, in the syntax an
         * init-param of that name takes: for configuration kept as text elsewhere, such as a
         * framework's properties. Replaces what an earlier call, or the setting's own method,
         * set. Default: each setting keeps its own.
         *
         * @param name the setting's name without the {@code portablesession.} prefix, such as
         *     {@code "redis.url"} or {@code "codec.allow"}
         * @param value the value as an init-param would give it ({@code "30m"},
         *     {@code "com.acme.**,com.example.Cart"}); checked by {@link #build()}, with the
         *     message an init-param gets; blank counts as not set
         * @return this builder
         * @throws InvalidSettingException when {@code name} names no setting (the message names
         *     it, and the setting it is closest to), or is {@code auto-register}, which only the
         *     library's {@code ServletContainerInitializer} reads
         */
        public Builder setting(String name, String value) {
            Objects.requireNonNull(name, "name");
            Setting setting = Setting.forKey(name).orElseThrow(
                    () -> new InvalidSettingException(UnknownSettings.unknownKey(name, "the builder")));
            if (setting == Setting.AUTO_REGISTER) {
                throw new InvalidSettingException("setting " + name + " cannot be given to the builder: "
                        + "it decides whether the library's ServletContainerInitializer registers a filter, "
                        + "and is read from context-params, system properties and the environment only");
            }
            return set(name, value);
        }

        /**
         * Checks each value set, with the messages init-params get; rules that combine settings
         * (such as {@link SameSite#NONE} needing {@link CookieSecure#ALWAYS}) are checked when the
         * filter starts, once every source is known.
         *
         * @return a new filter with this builder's settings
         * @throws InvalidSettingException for the first invalid value, naming the setting, the
         *     value, "the builder" as its source, and what is expected; or when both
         *     {@link #redisUrl} and {@link #redisConfigFile} are set
         */
        public RedisSessionFilter build() {
            Settings.checkEachValue(SettingSources.builder().programmatic(values));
            return new RedisSessionFilter(values, redissonClient, listeners, jacksonModules, principalResolver);
        }

        private Builder set(String key, String value) {
            values.put(key, Objects.requireNonNull(value, key));
            return this;
        }

        private static String millis(Duration duration) {
            return Objects.requireNonNull(duration, "duration").toMillis() + "ms";
        }
    }
}
