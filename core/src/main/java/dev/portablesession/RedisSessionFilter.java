package dev.portablesession;

import dev.portablesession.internal.filter.SessionFilterCore;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.redisson.api.RedissonClient;

/**
 * A servlet filter that stores HTTP sessions in Redis, so every server behind a load balancer
 * sees the same sessions. After it, {@code request.getSession()} returns a session loaded from
 * Redis (once per request) and saved back before the response commits, on any Servlet 6
 * container.
 *
 * <p>Register it first in the chain, for every dispatcher type, either in {@code web.xml} with
 * init-params named like the settings in {@code docs/configuration.md}, or programmatically with
 * {@link #builder()}. System properties ({@code portablesession.<setting>}) and environment
 * variables ({@code PORTABLESESSION_<SETTING>}, and {@code REDIS_URL}) override both, so a
 * deployment can point at its Redis without a rebuild.
 *
 * <p>When Redis cannot be reached the application still starts; requests that need a session get
 * a 503 until Redis answers again, and requests that do not are unaffected.
 */
public class RedisSessionFilter implements Filter {

    private final Map<String, String> programmatic;
    private final RedissonClient redissonClient;
    private SessionFilterCore core;

    /** A filter configured only by init-params, context-params, system properties and environment. */
    public RedisSessionFilter() {
        this(Map.of(), null);
    }

    private RedisSessionFilter(Map<String, String> programmatic, RedissonClient redissonClient) {
        this.programmatic = Map.copyOf(programmatic);
        this.redissonClient = redissonClient;
    }

    /** Starts a programmatic configuration; every setting left unset keeps its default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        try {
            core = SessionFilterCore.start(filterConfig, programmatic, redissonClient == null ? null
                    : namespace -> new RedisSessionStore(redissonClient, false, namespace, "(the RedissonClient given to the builder)"));
        } catch (IllegalArgumentException e) {
            throw new ServletException("RedisSessionFilter: " + e.getMessage());
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (core == null) {
            throw new ServletException("RedisSessionFilter used before init() or after destroy()");
        }
        core.doFilter(request, response, chain);
    }

    @Override
    public void destroy() {
        if (core != null) {
            core.close();
            core = null;
        }
    }

    /**
     * Programmatic configuration, for {@code ServletContext.addFilter} and embedded servers. Each
     * method sets the setting of the same name in {@code docs/configuration.md}; init-params,
     * system properties and environment variables still override these values.
     */
    public static final class Builder {

        private final Map<String, String> values = new LinkedHashMap<>();
        private RedissonClient redissonClient;

        private Builder() {
        }

        /** {@code redis.url}: {@code redis://[user:password@]host[:port][/database]} or {@code rediss://} for TLS. */
        public Builder redisUrl(String url) {
            return set("redis.url", url);
        }

        /** {@code redis.config-file}: a Redisson YAML file, for Cluster, Sentinel, replicated or TLS set-ups. */
        public Builder redisConfigFile(Path file) {
            return set("redis.config-file", Objects.requireNonNull(file, "file").toString());
        }

        /**
         * An existing Redisson client to use instead of creating one; the redis.* settings are then
         * ignored. The application keeps ownership: the filter does not shut the client down.
         */
        public Builder redissonClient(RedissonClient client) {
            this.redissonClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** {@code redis.connect-timeout}: how long to wait for a connection; default 5 s. */
        public Builder redisConnectTimeout(Duration timeout) {
            return set("redis.connect-timeout", millis(timeout));
        }

        /** {@code redis.timeout}: how long to wait for each Redis answer; default 3 s. */
        public Builder redisTimeout(Duration timeout) {
            return set("redis.timeout", millis(timeout));
        }

        /** {@code namespace}: the key prefix; default {@code session:<context path or ROOT>}. */
        public Builder namespace(String namespace) {
            return set("namespace", namespace);
        }

        /**
         * {@code max-inactive-interval}: idle time after which a session expires, whole seconds;
         * zero or negative means never. Default: web.xml session-timeout, else 30 minutes.
         */
        public Builder maxInactiveInterval(Duration interval) {
            return set("max-inactive-interval", Long.toString(Objects.requireNonNull(interval, "interval").toSeconds()));
        }

        /** {@code cookie.name}: default {@code SESSION}. */
        public Builder cookieName(String name) {
            return set("cookie.name", name);
        }

        /** {@code cookie.path}: default the context path, or {@code /}. */
        public Builder cookiePath(String path) {
            return set("cookie.path", path);
        }

        /** {@code cookie.domain}: default none (the cookie goes back to the host that set it). */
        public Builder cookieDomain(String domain) {
            return set("cookie.domain", domain);
        }

        /** {@code cookie.secure}: always or never; when not called, Secure follows the request ({@code auto}). */
        public Builder cookieSecure(boolean secure) {
            return set("cookie.secure", Boolean.toString(secure));
        }

        /** {@code cookie.http-only}: default true. */
        public Builder cookieHttpOnly(boolean httpOnly) {
            return set("cookie.http-only", Boolean.toString(httpOnly));
        }

        /** {@code cookie.same-site}: {@code Strict}, {@code Lax} (default) or {@code None} (needs a secure cookie). */
        public Builder cookieSameSite(String sameSite) {
            return set("cookie.same-site", sameSite);
        }

        /** {@code cookie.max-age}: whole seconds; negative (the default) makes a browser-session cookie. */
        public Builder cookieMaxAge(Duration maxAge) {
            return set("cookie.max-age", Long.toString(Objects.requireNonNull(maxAge, "maxAge").toSeconds()));
        }

        /** {@code codec}: {@code json} (default) or {@code jdk} (Java serialization). */
        public Builder codec(String codec) {
            return set("codec", codec);
        }

        /**
         * {@code codec.allow}: application types the codec may store, as {@code com.acme.Cart},
         * {@code com.acme.*} (one package) or {@code com.acme.**} (with sub-packages).
         */
        public Builder codecAllow(String... entries) {
            return set("codec.allow", String.join(",", entries));
        }

        /** {@code attribute.max-size}: largest encoded attribute, bytes; default 1 MiB. */
        public Builder attributeMaxSize(int bytes) {
            return set("attribute.max-size", Integer.toString(bytes));
        }

        /** {@code attribute.decode-failure}: {@code drop} (default), {@code remove} or {@code fail}. */
        public Builder attributeDecodeFailure(String policy) {
            return set("attribute.decode-failure", policy);
        }

        /**
         * {@code attribute.change-detection}: whether attributes read and changed in place are found
         * (by encoding them again at save time) and saved; default true. False saves only
         * attributes passed to setAttribute, and suits applications that call it after every change.
         */
        public Builder attributeChangeDetection(boolean detect) {
            return set("attribute.change-detection", Boolean.toString(detect));
        }

        /**
         * {@code lock.mode}: {@code none} (default), requests on one session run in parallel and
         * each writes only what it changed; {@code exclusive}, they run one at a time across all
         * servers.
         */
        public Builder lockMode(String mode) {
            return set("lock.mode", mode);
        }

        /** {@code lock.lease}: the longest a request holds the session lock; default 30 s. */
        public Builder lockLease(Duration lease) {
            return set("lock.lease", millis(lease));
        }

        /** {@code lock.wait-timeout}: the longest a request waits for the session lock before a 503; default 10 s. */
        public Builder lockWaitTimeout(Duration timeout) {
            return set("lock.wait-timeout", millis(timeout));
        }

        /**
         * {@code lock.exclude}: URL patterns of requests that never take the session lock, as
         * {@code /health} (exact), {@code /static/*} (prefix) or {@code *.css} (extension).
         */
        public Builder lockExclude(String... patterns) {
            return set("lock.exclude", String.join(",", patterns));
        }

        /** The configured filter; settings are validated when the container calls {@code init}. */
        public RedisSessionFilter build() {
            return new RedisSessionFilter(values, redissonClient);
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
