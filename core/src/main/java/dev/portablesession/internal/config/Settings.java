package dev.portablesession.internal.config;

import static dev.portablesession.internal.config.Setting.ADOPT_CONTAINER_SESSIONS;
import static dev.portablesession.internal.config.Setting.ATTRIBUTE_CHANGE_DETECTION;
import static dev.portablesession.internal.config.Setting.ATTRIBUTE_DECODE_FAILURE;
import static dev.portablesession.internal.config.Setting.ATTRIBUTE_MAX_SIZE;
import static dev.portablesession.internal.config.Setting.CODEC_ALLOW_APPLICATION_CLASSES;
import static dev.portablesession.internal.config.Setting.ENCRYPTION_KEY_FILE;
import static dev.portablesession.internal.config.Setting.SESSION_MAX_ATTRIBUTES;
import static dev.portablesession.internal.config.Setting.SESSION_MAX_SIZE;
import static dev.portablesession.internal.config.Setting.CODEC;
import static dev.portablesession.internal.config.Setting.CODEC_ALLOW;
import static dev.portablesession.internal.config.Setting.CODEC_COMPRESS_ABOVE;
import static dev.portablesession.internal.config.Setting.ATTRIBUTE_LAZY_ABOVE;
import static dev.portablesession.internal.config.Setting.CODEC_JACKSON_MIXINS;
import static dev.portablesession.internal.config.Setting.CODEC_JACKSON_MODULES;
import static dev.portablesession.internal.config.Setting.COOKIE_DOMAIN;
import static dev.portablesession.internal.config.Setting.EXPIRY_EVENTS;
import static dev.portablesession.internal.config.Setting.EXPIRY_HORIZON;
import static dev.portablesession.internal.config.Setting.PRINCIPAL;
import static dev.portablesession.internal.config.Setting.PRINCIPAL_MAX_SESSIONS;
import static dev.portablesession.internal.config.Setting.PRINCIPAL_MAX_SESSIONS_POLICY;
import static dev.portablesession.internal.config.Setting.EXPIRY_POLL_INTERVAL;
import static dev.portablesession.internal.config.Setting.COOKIE_HTTP_ONLY;
import static dev.portablesession.internal.config.Setting.COOKIE_MAX_AGE;
import static dev.portablesession.internal.config.Setting.COOKIE_NAME;
import static dev.portablesession.internal.config.Setting.COOKIE_PATH;
import static dev.portablesession.internal.config.Setting.COOKIE_SAME_SITE;
import static dev.portablesession.internal.config.Setting.COOKIE_SECURE;
import static dev.portablesession.internal.config.Setting.LISTENERS;
import static dev.portablesession.internal.config.Setting.LOCK_EXCLUDE;
import static dev.portablesession.internal.config.Setting.LOCK_LEASE;
import static dev.portablesession.internal.config.Setting.LOCK_MODE;
import static dev.portablesession.internal.config.Setting.LOCK_WAIT_TIMEOUT;
import static dev.portablesession.internal.config.Setting.MAX_INACTIVE_INTERVAL;
import static dev.portablesession.internal.config.Setting.NAMESPACE;
import static dev.portablesession.internal.config.Setting.REDIS_CONFIG_FILE;
import static dev.portablesession.internal.config.Setting.REDIS_CONNECT_TIMEOUT;
import static dev.portablesession.internal.config.Setting.REDIS_PASSWORD_FILE;
import static dev.portablesession.internal.config.Setting.REDIS_REQUEST_BUDGET;
import static dev.portablesession.internal.config.Setting.REDIS_DOWN_POLICY;
import static dev.portablesession.internal.config.Setting.REDIS_SHARE_CLIENT;
import static dev.portablesession.internal.config.Setting.REDIS_WAIT_REPLICAS;
import static dev.portablesession.internal.config.Setting.REDIS_WAIT_TIMEOUT;
import static dev.portablesession.internal.config.Setting.REDIS_TIMEOUT;
import static dev.portablesession.internal.config.Setting.REDIS_URL;
import static dev.portablesession.internal.config.Setting.TOUCH_ON_EVERY_REQUEST;
import static dev.portablesession.internal.config.Setting.TRACKING_MODES;

import dev.portablesession.CodecType;
import dev.portablesession.CookieSecure;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.DownPolicy;
import dev.portablesession.InvalidSettingException;
import dev.portablesession.ExpiryEvents;
import dev.portablesession.MaxSessionsPolicy;
import dev.portablesession.LockMode;
import dev.portablesession.SameSite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The filter's configuration: every {@link Setting}, validated and resolved against its default.
 * Immutable and thread-safe. Obtain one with {@link #load}; the configuration reference
 * ({@code docs/configuration.md}) describes each setting.
 */
public final class Settings {

    private final Optional<RedisUrl> redisUrl;
    private final Optional<Path> redisConfigFile;
    private final Optional<Path> redisPasswordFile;
    /** Advice for the operator, logged at start-up: a setting that works but is unwise. */
    private final List<String> warnings = new ArrayList<>();
    private final Duration redisConnectTimeout;
    private final Duration redisTimeout;
    private final Duration redisRequestBudget;
    private final boolean redisShareClient;
    private final DownPolicy redisDownPolicy;
    private final int redisWaitReplicas;
    private final Duration redisWaitTimeout;
    private final Optional<String> namespace;
    private final int maxInactiveIntervalSeconds;
    private final String cookieName;
    private final Optional<String> cookiePath;
    private final Optional<String> cookieDomain;
    private final CookieSecure cookieSecure;
    private final boolean cookieHttpOnly;
    private final SameSite cookieSameSite;
    private final int cookieMaxAgeSeconds;
    private final Set<String> trackingModes;
    private final boolean touchOnEveryRequest;
    private final boolean adoptContainerSessions;
    private final CodecType codec;
    private final List<String> codecAllow;
    private final boolean codecAllowApplicationClasses;
    private final List<String> codecJacksonModules;
    /** Where {@link #codecJacksonModules} came from, for {@link #invalidJacksonModules}. */
    private final Optional<SourcedValue> codecJacksonModulesValue;
    private final Map<String, String> codecJacksonMixins;
    /** Where {@link #codecJacksonMixins} came from, for {@link #invalidJacksonMixins}. */
    private final Optional<SourcedValue> codecJacksonMixinsValue;
    private final OptionalInt codecCompressAboveBytes;
    private final Optional<Path> encryptionKeyFile;
    private final int attributeMaxSizeBytes;
    private final OptionalInt attributeLazyAboveBytes;
    private final int sessionMaxAttributes;
    private final int sessionMaxSizeBytes;
    private final DecodeFailurePolicy attributeDecodeFailure;
    private final boolean attributeChangeDetection;
    private final LockMode lockMode;
    private final Duration lockLease;
    private final Duration lockWaitTimeout;
    private final List<String> lockExclude;
    private final List<String> listeners;
    /** Where {@link #listeners} came from, for {@link #invalidListener}. */
    private final Optional<SourcedValue> listenersValue;
    private final ExpiryEvents expiryEvents;
    private final Duration expiryPollInterval;
    private final Duration expiryHorizon;
    private final PrincipalSource principal;
    private final boolean principalExplicit;
    private final int principalMaxSessions;
    private final MaxSessionsPolicy principalMaxSessionsPolicy;

    private Settings(SettingSources sources, boolean checkCombinations) {
        ValueReader reader = new ValueReader(sources);
        // redis.url and redis.config-file are one choice, the Redis to use: the highest source that
        // makes it wins as a whole, so a deployment can move an application to Sentinel or Cluster.
        Optional<SourcedValue> configFile = Optional.empty();
        Optional<SourcedValue> url = Optional.empty();
        List<Optional<SourcedValue>> urls = sources.bySource(REDIS_URL);
        List<Optional<SourcedValue>> files = sources.bySource(REDIS_CONFIG_FILE);
        for (int source = 0; source < urls.size() && url.isEmpty() && configFile.isEmpty(); source++) {
            url = urls.get(source);
            configFile = files.get(source);
        }
        if (configFile.isPresent() && url.isPresent()) {
            throw new InvalidSettingException("conflicting settings: redis.url (from "
                    + url.get().origin() + ") and redis.config-file (from "
                    + configFile.get().origin() + ") are both set; set only one: redis.url for "
                    + "one Redis server, redis.config-file for Cluster, Sentinel, replicated or "
                    + "custom TLS setups");
        }
        redisConfigFile = configFile.map(value ->
                ValueReader.parse(REDIS_CONFIG_FILE, value, Settings::readableFile));
        // The conventional REDIS_URL counts only when no source names the Redis connection.
        redisUrl = configFile.isPresent() ? Optional.empty()
                : Optional.of(ValueReader.parse(REDIS_URL, url
                        .or(sources::redisUrlVariable)
                        .or(() -> ValueReader.builtIn(REDIS_URL))
                        .orElseThrow(), RedisUrlParser::parse));
        redisPasswordFile = reader.readOptional(REDIS_PASSWORD_FILE, Settings::passwordFile);
        if (redisPasswordFile.isPresent() && redisUrl.flatMap(RedisUrl::password).isPresent()) {
            throw new InvalidSettingException("conflicting settings: redis.url (from "
                    + url.or(sources::redisUrlVariable).orElseThrow().origin() + ") carries a password and "
                    + "redis.password-file (from " + reader.find(REDIS_PASSWORD_FILE).orElseThrow().origin()
                    + ") is set; give the password in one place only, preferably the file");
        }
        if (redisUrl.isPresent() && redisUrl.get().username().isPresent() && redisUrl.get().password().isEmpty()
                && redisPasswordFile.isEmpty()) {
            throw ValueReader.invalid(REDIS_URL, url.or(sources::redisUrlVariable).orElseThrow(), "it names a user "
                    + "without a password (user:@), which needs redis.password-file; or write user:password@");
        }
        if (redisUrl.flatMap(RedisUrl::password).isPresent() && url.isPresent()
                && url.get().origin().startsWith("system property")) {
            warnings.add("redis.url carries a password and comes from " + url.get().origin() + ": servlet "
                    + "containers such as Tomcat log system properties at start-up, password included. Give "
                    + "the password in redis.password-file (or the URL in the environment variable "
                    + REDIS_URL.environmentVariable() + ") instead");
        }
        redisConnectTimeout = reader.read(REDIS_CONNECT_TIMEOUT, Durations::timeout);
        redisTimeout = reader.read(REDIS_TIMEOUT, Durations::timeout);
        redisRequestBudget = reader.read(REDIS_REQUEST_BUDGET, Durations::timeout);
        redisShareClient = reader.read(REDIS_SHARE_CLIENT, Syntax::bool);
        redisDownPolicy = reader.read(REDIS_DOWN_POLICY,
                text -> Syntax.oneOf(text, DownPolicy.values(), DownPolicy::configValue));
        redisWaitReplicas = reader.read(REDIS_WAIT_REPLICAS, text -> Syntax.count(text, 0, 100));
        redisWaitTimeout = reader.read(REDIS_WAIT_TIMEOUT, Durations::timeout);
        namespace = reader.readOptional(NAMESPACE, Syntax::namespace);
        maxInactiveIntervalSeconds = reader.read(MAX_INACTIVE_INTERVAL, Durations::seconds);

        cookieName = reader.read(COOKIE_NAME, Syntax::cookieName);
        cookiePath = reader.readOptional(COOKIE_PATH, Syntax::cookiePath);
        cookieDomain = reader.readOptional(COOKIE_DOMAIN, Syntax::cookieDomain);
        cookieSecure = reader.read(COOKIE_SECURE,
                text -> Syntax.oneOf(text, CookieSecure.values(), CookieSecure::configValue));
        cookieHttpOnly = reader.read(COOKIE_HTTP_ONLY, Syntax::bool);
        cookieSameSite = reader.read(COOKIE_SAME_SITE,
                text -> Syntax.oneOf(text, SameSite.values(), SameSite::attributeValue));
        cookieMaxAgeSeconds = reader.read(COOKIE_MAX_AGE, Settings::cookieMaxAge);
        trackingModes = reader.read(TRACKING_MODES, Syntax::trackingModes);
        touchOnEveryRequest = reader.read(TOUCH_ON_EVERY_REQUEST, Syntax::bool);
        adoptContainerSessions = reader.read(ADOPT_CONTAINER_SESSIONS, Syntax::bool);

        codec = reader.read(CODEC,
                text -> Syntax.oneOf(text, CodecType.values(), CodecType::configValue));
        codecAllow = reader.readOptional(CODEC_ALLOW, Syntax::allowList).orElse(List.of());
        codecAllowApplicationClasses = reader.read(CODEC_ALLOW_APPLICATION_CLASSES, Syntax::bool);
        codecJacksonModulesValue = reader.find(CODEC_JACKSON_MODULES);
        codecJacksonModules = reader.readOptional(CODEC_JACKSON_MODULES,
                text -> Syntax.classNames(text, "org.springframework.security.jackson.CoreJacksonModule")).orElse(List.of());
        codecJacksonMixinsValue = reader.find(CODEC_JACKSON_MIXINS);
        codecJacksonMixins = reader.readOptional(CODEC_JACKSON_MIXINS, Syntax::mixIns).orElse(Map.of());
        if (codec != CodecType.JSON && (!codecJacksonModules.isEmpty() || !codecJacksonMixins.isEmpty())) {
            // A deployment may switch the codec by environment while web.xml keeps the modules: not fatal.
            warnings.add("codec.jackson-modules and codec.jackson-mixins apply to codec=json only; with codec="
                    + codec.configValue() + " (from " + reader.find(CODEC).orElseThrow().origin() + ") they are ignored");
        }
        codecCompressAboveBytes = reader.read(CODEC_COMPRESS_ABOVE, Settings::compressAbove);
        encryptionKeyFile = reader.readOptional(ENCRYPTION_KEY_FILE, Settings::keyFile);
        attributeMaxSizeBytes = reader.read(ATTRIBUTE_MAX_SIZE, Sizes::bytes);
        attributeLazyAboveBytes = reader.read(ATTRIBUTE_LAZY_ABOVE, Settings::compressAbove);
        if (codecCompressAboveBytes.isPresent() && codecCompressAboveBytes.getAsInt() >= attributeMaxSizeBytes) {
            warnings.add("codec.compress-above=" + Sizes.format(codecCompressAboveBytes.getAsInt())
                    + " is not below attribute.max-size=" + Sizes.format(attributeMaxSizeBytes)
                    + ": no value is compressed; lower codec.compress-above");
        }
        sessionMaxAttributes = reader.read(SESSION_MAX_ATTRIBUTES, text -> Syntax.count(text, 1, 1_000_000));
        sessionMaxSizeBytes = reader.read(SESSION_MAX_SIZE, Sizes::bytes);
        attributeDecodeFailure = reader.read(ATTRIBUTE_DECODE_FAILURE, text ->
                Syntax.oneOf(text, DecodeFailurePolicy.values(), DecodeFailurePolicy::configValue));
        attributeChangeDetection = reader.read(ATTRIBUTE_CHANGE_DETECTION, Syntax::bool);

        lockMode = reader.read(LOCK_MODE, text -> Syntax.oneOf(text, LockMode.values(), LockMode::configValue));
        lockLease = reader.read(LOCK_LEASE, Durations::timeout);
        lockWaitTimeout = reader.read(LOCK_WAIT_TIMEOUT, Durations::timeout);
        lockExclude = reader.readOptional(LOCK_EXCLUDE, Syntax::urlPatterns).orElse(List.of());
        listenersValue = reader.find(LISTENERS);
        listeners = reader.readOptional(LISTENERS, text -> Syntax.classNames(text, "com.acme.AuditListener"))
                .orElse(List.of());

        expiryEvents = reader.read(EXPIRY_EVENTS,
                text -> Syntax.oneOf(text, ExpiryEvents.values(), ExpiryEvents::configValue));
        expiryPollInterval = reader.read(EXPIRY_POLL_INTERVAL, Durations::timeout);
        expiryHorizon = reader.read(EXPIRY_HORIZON, Durations::positive);
        principal = reader.read(PRINCIPAL, PrincipalSource::parse);
        principalExplicit = reader.isExplicit(PRINCIPAL);
        principalMaxSessions = reader.read(PRINCIPAL_MAX_SESSIONS, text -> Syntax.count(text, 0, 1_000_000));
        principalMaxSessionsPolicy = reader.read(PRINCIPAL_MAX_SESSIONS_POLICY,
                text -> Syntax.oneOf(text, MaxSessionsPolicy.values(), MaxSessionsPolicy::configValue));

        if (checkCombinations) {
            checkCookieRequiresSecure(reader);
            checkWaitFitsTheBudget(reader);
            checkPrincipalIndexIsCleaned(reader);
        }
    }

    /**
     * Reads, validates and resolves every setting.
     *
     * @param sources where to read values, in precedence order
     * @return the settings
     * @throws InvalidSettingException for the first invalid value, naming the setting, its
     *     source, the value (never a password) and what is expected; or when settings conflict
     */
    public static Settings load(SettingSources sources) {
        return new Settings(Objects.requireNonNull(sources, "sources"), true);
    }

    /**
     * Checks each value on its own, exactly as {@link #load} does, and that {@code redis.url} and
     * {@code redis.config-file} are not both set; but not the rules that combine several
     * settings ({@code cookie.same-site=None} needs {@code cookie.secure=true}, cookie name
     * prefixes), because a source not given here, such as an environment variable, may still
     * satisfy them. For the filter's builder, which knows only its own values.
     *
     * @param sources the values to check
     * @throws InvalidSettingException for the first invalid value, with the message {@link #load}
     *     would give
     */
    public static void checkEachValue(SettingSources sources) {
        new Settings(Objects.requireNonNull(sources, "sources"), false);
    }

    /**
     * @return the Redis server ({@code redis.url}, else the {@code REDIS_URL} environment
     *     variable, else {@code redis://127.0.0.1:6379}); empty when {@link #redisConfigFile()}
     *     is used instead
     */
    public Optional<RedisUrl> redisUrl() {
        return redisUrl;
    }

    /**
     * @return the Redisson YAML config file ({@code redis.config-file}), absolute; it existed and
     *     was readable when the settings were loaded; empty by default
     */
    public Optional<Path> redisConfigFile() {
        return redisConfigFile;
    }

    /**
     * @return the file holding the Redis password ({@code redis.password-file}), absolute; it
     *     existed and was readable when the settings were loaded; empty by default
     */
    public Optional<Path> redisPasswordFile() {
        return redisPasswordFile;
    }

    /**
     * @return advice for the operator about settings that work but are unwise (a password where
     *     the container logs it), one line each, never containing a secret; empty when all is well
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** @return time allowed to connect to Redis ({@code redis.connect-timeout}); default 5 s */
    public Duration redisConnectTimeout() {
        return redisConnectTimeout;
    }

    /**
     * @return time allowed for the answer to one Redis command ({@code redis.timeout}); default
     *     3 s
     */
    public Duration redisTimeout() {
        return redisTimeout;
    }

    /** @return how long one request may wait on Redis in all ({@code redis.request-budget}); default 5 s */
    public Duration redisRequestBudget() {
        return redisRequestBudget;
    }

    /** @return whether filters with the same Redis settings share one client ({@code redis.share-client}); default false */
    public boolean redisShareClient() {
        return redisShareClient;
    }

    /** @return what requests that need a session get while Redis does not answer ({@code redis.down-policy}); default fail */
    public DownPolicy redisDownPolicy() {
        return redisDownPolicy;
    }

    /** @return replicas that must confirm each session write ({@code redis.wait-replicas}); default 0 */
    public int redisWaitReplicas() {
        return redisWaitReplicas;
    }

    /** @return how long a session write waits for its replicas ({@code redis.wait-timeout}); default 1 s */
    public Duration redisWaitTimeout() {
        return redisWaitTimeout;
    }

    /**
     * @return the Redis key prefix ({@code namespace}); empty by default, in which case the filter
     *     uses {@code session:<context path without leading slash, or ROOT>}
     */
    public Optional<String> namespace() {
        return namespace;
    }

    /**
     * @return seconds of inactivity after which a session expires ({@code max-inactive-interval});
     *     zero or negative: never; default web.xml {@code <session-timeout>}, else 1800
     */
    public int maxInactiveIntervalSeconds() {
        return maxInactiveIntervalSeconds;
    }

    /** @return the session cookie's name ({@code cookie.name}); default {@code SESSION} */
    public String cookieName() {
        return cookieName;
    }

    /**
     * @return the cookie's Path ({@code cookie.path}); empty by default, in which case the filter
     *     uses the context path, or {@code /} for the root context
     */
    public Optional<String> cookiePath() {
        return cookiePath;
    }

    /**
     * @return the cookie's Domain ({@code cookie.domain}); empty (a host-only cookie) by default
     */
    public Optional<String> cookieDomain() {
        return cookieDomain;
    }

    /**
     * @return when the cookie is Secure ({@code cookie.secure}); default {@link CookieSecure#AUTO}
     */
    public CookieSecure cookieSecure() {
        return cookieSecure;
    }

    /** @return whether the cookie is HttpOnly ({@code cookie.http-only}); default {@code true} */
    public boolean cookieHttpOnly() {
        return cookieHttpOnly;
    }

    /** @return whether the session id travels in the cookie ({@code tracking-modes}); default {@code true} */
    public boolean cookieTracking() {
        return trackingModes.contains("COOKIE");
    }

    /**
     * @return whether the session id travels as a URL path parameter ({@code tracking-modes});
     *     default {@code false}
     */
    public boolean urlTracking() {
        return trackingModes.contains("URL");
    }

    /**
     * @return whether every request presenting a well-formed session id loads (and so touches)
     *     its session ({@code touch-on-every-request}); default {@code false}
     */
    public boolean touchOnEveryRequest() {
        return touchOnEveryRequest;
    }

    /**
     * @return whether a request without a session of ours adopts the container's session
     *     ({@code adopt-container-sessions}); default {@code false}
     */
    public boolean adoptContainerSessions() {
        return adoptContainerSessions;
    }

    /** @return the cookie's SameSite ({@code cookie.same-site}); default {@link SameSite#LAX} */
    public SameSite cookieSameSite() {
        return cookieSameSite;
    }

    /**
     * @return the cookie's Max-Age in seconds ({@code cookie.max-age}); negative (the default, -1)
     *     means no Max-Age: the cookie lasts until the browser closes; never 0
     */
    public int cookieMaxAgeSeconds() {
        return cookieMaxAgeSeconds;
    }

    /** @return how attributes are encoded ({@code codec}); default {@link CodecType#JSON} */
    public CodecType codec() {
        return codec;
    }

    /**
     * @return application types the codec may decode ({@code codec.allow}): class names,
     *     {@code package.*} and {@code package.**} patterns, in the order given; empty by default
     */
    public List<String> codecAllow() {
        return codecAllow;
    }

    /**
     * @return the largest encoded size of one attribute, in bytes ({@code attribute.max-size});
     *     default 1 MiB (1048576)
     */
    public int attributeMaxSizeBytes() {
        return attributeMaxSizeBytes;
    }

    /**
     * @return whether the application's own classes, those whose class file is in
     *     {@code WEB-INF/classes}, are allowed without {@code codec.allow}; default true
     */
    public boolean codecAllowApplicationClasses() {
        return codecAllowApplicationClasses;
    }

    /**
     * @return Jackson module classes the JSON codec registers ({@code codec.jackson-modules}),
     *     fully qualified, in the order given; empty by default; not loaded yet
     */
    public List<String> codecJacksonModules() {
        return codecJacksonModules;
    }

    /**
     * @return Jackson mix-ins of the JSON codec ({@code codec.jackson-mixins}): target class name →
     *     mix-in class name, in the order given; empty by default; not loaded yet
     */
    public Map<String, String> codecJacksonMixins() {
        return codecJacksonMixins;
    }

    /**
     * The error for a {@code codec.jackson-modules} value that names a class the codec cannot
     * use, in the form of every other invalid setting.
     *
     * @param reason what is wrong with which class, and what to do
     */
    public InvalidSettingException invalidJacksonModules(String reason) {
        return ValueReader.invalid(CODEC_JACKSON_MODULES, codecJacksonModulesValue.orElseThrow(), reason);
    }

    /**
     * The error for a {@code codec.jackson-mixins} value that names a class that cannot be
     * loaded, in the form of every other invalid setting.
     *
     * @param reason what is wrong with which class, and what to do
     */
    public InvalidSettingException invalidJacksonMixins(String reason) {
        return ValueReader.invalid(CODEC_JACKSON_MIXINS, codecJacksonMixinsValue.orElseThrow(), reason);
    }

    /**
     * @return the encoded size in bytes above which a value is stored compressed
     *     ({@code codec.compress-above}); empty: none is (the default, {@code off})
     */
    public OptionalInt codecCompressAboveBytes() {
        return codecCompressAboveBytes;
    }

    /**
     * @return the file of AES keys under which attribute values are stored encrypted
     *     ({@code encryption.key-file}), checked to hold at least one valid key; empty: not encrypted
     */
    public Optional<Path> encryptionKeyFile() {
        return encryptionKeyFile;
    }

    /** @return most attributes one session holds */
    public int sessionMaxAttributes() {
        return sessionMaxAttributes;
    }

    /** @return largest encoded size of all of one session's attributes together, in bytes */
    public int sessionMaxSizeBytes() {
        return sessionMaxSizeBytes;
    }

    /**
     * @return what happens to an attribute that cannot be decoded
     *     ({@code attribute.decode-failure}); default {@link DecodeFailurePolicy#DROP}
     */
    public DecodeFailurePolicy attributeDecodeFailure() {
        return attributeDecodeFailure;
    }

    /**
     * @return whether attributes read and changed in place are found and saved
     *     ({@code attribute.change-detection}); default true
     */
    public boolean attributeChangeDetection() {
        return attributeChangeDetection;
    }

    /** @return whether requests on one session run in parallel ({@code lock.mode}); default {@link LockMode#NONE} */
    public LockMode lockMode() {
        return lockMode;
    }

    /** @return the longest a request holds the session lock ({@code lock.lease}); default 30 s */
    public Duration lockLease() {
        return lockLease;
    }

    /** @return the longest a request waits for the session lock ({@code lock.wait-timeout}); default 10 s */
    public Duration lockWaitTimeout() {
        return lockWaitTimeout;
    }

    /**
     * @return servlet URL patterns ({@code /static/*}, {@code *.css}, {@code /health}) of requests
     *     that never take the session lock ({@code lock.exclude}); default empty
     */
    public List<String> lockExclude() {
        return lockExclude;
    }

    /** @return whether idle expiry produces expiry events ({@code expiry.events}); default {@link ExpiryEvents#AUTO} */
    public ExpiryEvents expiryEvents() {
        return expiryEvents;
    }

    /** @return how often each server claims expired sessions ({@code expiry.poll-interval}); default 1 s */
    public Duration expiryPollInterval() {
        return expiryPollInterval;
    }

    /**
     * @return how long an expired session stays claimable when no server claims it
     *     ({@code expiry.horizon}); default 1 h
     */
    public Duration expiryHorizon() {
        return expiryHorizon;
    }

    /**
     * @return the stored size above which an attribute is fetched when read
     *     ({@code attribute.lazy-above}); empty when every load sends every attribute
     */
    public OptionalInt attributeLazyAboveBytes() {
        return attributeLazyAboveBytes;
    }

    /** @return who a session belongs to ({@code principal}); {@link PrincipalSource#OFF} by default */
    public PrincipalSource principal() {
        return principal;
    }

    /**
     * @return whether a source set {@code principal}: then it says who sessions belong to, over a
     *     resolver the builder was given (a deployment can turn the index off)
     */
    public boolean principalExplicit() {
        return principalExplicit;
    }

    /** @return most sessions of one user at once ({@code principal.max-sessions}); 0: no limit */
    public int principalMaxSessions() {
        return principalMaxSessions;
    }

    /** @return what a login over {@link #principalMaxSessions()} does ({@code principal.max-sessions-policy}) */
    public MaxSessionsPolicy principalMaxSessionsPolicy() {
        return principalMaxSessionsPolicy;
    }

    /**
     * @return session listener classes to call ({@code listeners}), fully qualified, in the order
     *     given; empty by default
     */
    public List<String> listeners() {
        return listeners;
    }

    /**
     * The error for a {@code listeners} value that names a class the filter cannot use, in the
     * form of every other invalid setting.
     *
     * @param reason what is wrong with which class, and what to do
     */
    public InvalidSettingException invalidListener(String reason) {
        return ValueReader.invalid(LISTENERS, listenersValue.orElseThrow(), reason);
    }

    /**
     * @return every setting as {@code name=value} on one line, for a startup log line; the Redis
     *     password is masked
     */
    public String describe() {
        StringJoiner line = new StringJoiner(", ");
        redisUrl.ifPresent(url -> line.add(REDIS_URL.key() + "=" + url));
        redisConfigFile.ifPresent(file -> line.add(REDIS_CONFIG_FILE.key() + "=" + file));
        redisPasswordFile.ifPresent(file -> line.add(REDIS_PASSWORD_FILE.key() + "=" + file));
        line.add(REDIS_CONNECT_TIMEOUT.key() + "=" + Durations.format(redisConnectTimeout));
        line.add(REDIS_TIMEOUT.key() + "=" + Durations.format(redisTimeout));
        line.add(REDIS_REQUEST_BUDGET.key() + "=" + Durations.format(redisRequestBudget));
        line.add(REDIS_SHARE_CLIENT.key() + "=" + redisShareClient);
        line.add(REDIS_DOWN_POLICY.key() + "=" + redisDownPolicy.configValue());
        line.add(REDIS_WAIT_REPLICAS.key() + "=" + redisWaitReplicas);
        if (redisWaitReplicas > 0) {
            line.add(REDIS_WAIT_TIMEOUT.key() + "=" + Durations.format(redisWaitTimeout));
        }
        line.add(NAMESPACE.key() + "=" + namespace.orElse("(from the context path)"));
        line.add(MAX_INACTIVE_INTERVAL.key() + "="
                + Durations.format(Duration.ofSeconds(maxInactiveIntervalSeconds))
                + (maxInactiveIntervalSeconds <= 0 ? " (never expires)" : ""));
        line.add(COOKIE_NAME.key() + "=" + cookieName);
        line.add(COOKIE_PATH.key() + "=" + cookiePath.orElse("(the context path)"));
        line.add(COOKIE_DOMAIN.key() + "=" + cookieDomain.orElse("(none)"));
        line.add(COOKIE_SECURE.key() + "=" + cookieSecure.configValue());
        line.add(COOKIE_HTTP_ONLY.key() + "=" + cookieHttpOnly);
        line.add(COOKIE_SAME_SITE.key() + "=" + cookieSameSite.attributeValue());
        line.add(COOKIE_MAX_AGE.key() + "=" + cookieMaxAgeSeconds
                + (cookieMaxAgeSeconds < 0 ? " (browser session)" : "s"));
        line.add(TRACKING_MODES.key() + "=" + (cookieTracking() && urlTracking() ? "COOKIE,URL" : cookieTracking() ? "COOKIE" : "URL"));
        line.add(TOUCH_ON_EVERY_REQUEST.key() + "=" + touchOnEveryRequest);
        line.add(ADOPT_CONTAINER_SESSIONS.key() + "=" + adoptContainerSessions);
        line.add(CODEC.key() + "=" + codec.configValue());
        line.add(CODEC_ALLOW.key() + "=" + codecAllow);
        line.add(CODEC_ALLOW_APPLICATION_CLASSES.key() + "=" + codecAllowApplicationClasses);
        line.add(CODEC_JACKSON_MODULES.key() + "=" + codecJacksonModules);
        line.add(CODEC_JACKSON_MIXINS.key() + "=" + codecJacksonMixins.entrySet().stream()
                .map(pair -> pair.getKey() + "=" + pair.getValue()).toList());
        line.add(CODEC_COMPRESS_ABOVE.key() + "=" + (codecCompressAboveBytes.isPresent()
                ? Sizes.format(codecCompressAboveBytes.getAsInt()) : "off"));
        encryptionKeyFile.ifPresent(file -> line.add(ENCRYPTION_KEY_FILE.key() + "=" + file
                + " (keys " + String.join(", ", EncryptionKeys.read(file).ids()) + ")"));
        line.add(ATTRIBUTE_MAX_SIZE.key() + "=" + Sizes.format(attributeMaxSizeBytes));
        line.add(ATTRIBUTE_LAZY_ABOVE.key() + "=" + (attributeLazyAboveBytes.isPresent()
                ? Sizes.format(attributeLazyAboveBytes.getAsInt()) : "off"));
        line.add(SESSION_MAX_ATTRIBUTES.key() + "=" + sessionMaxAttributes);
        line.add(SESSION_MAX_SIZE.key() + "=" + Sizes.format(sessionMaxSizeBytes));
        line.add(ATTRIBUTE_DECODE_FAILURE.key() + "=" + attributeDecodeFailure.configValue());
        line.add(ATTRIBUTE_CHANGE_DETECTION.key() + "=" + attributeChangeDetection);
        line.add(LOCK_MODE.key() + "=" + lockMode.configValue());
        line.add(LOCK_LEASE.key() + "=" + Durations.format(lockLease));
        line.add(LOCK_WAIT_TIMEOUT.key() + "=" + Durations.format(lockWaitTimeout));
        line.add(LOCK_EXCLUDE.key() + "=" + lockExclude);
        line.add(LISTENERS.key() + "=" + listeners);
        line.add(EXPIRY_EVENTS.key() + "=" + expiryEvents.configValue());
        line.add(EXPIRY_POLL_INTERVAL.key() + "=" + Durations.format(expiryPollInterval));
        line.add(EXPIRY_HORIZON.key() + "=" + Durations.format(expiryHorizon));
        line.add(PRINCIPAL.key() + "=" + principal);
        if (principal != PrincipalSource.OFF) {
            line.add(PRINCIPAL_MAX_SESSIONS.key() + "=" + principalMaxSessions);
            if (principalMaxSessions > 0) {
                line.add(PRINCIPAL_MAX_SESSIONS_POLICY.key() + "=" + principalMaxSessionsPolicy.configValue());
            }
        }
        return line.toString();
    }

    /** @return {@link #describe()}, so that logging the object never shows a password either */
    @Override
    public String toString() {
        return describe();
    }

    /**
     * Browsers reject a {@code SameSite=None} cookie without {@code Secure}, and a
     * {@code __Secure-} or {@code __Host-} cookie without {@code Secure} (and for
     * {@code __Host-}, with a Domain or a Path other than {@code /}): the session would silently
     * never stick, so refuse to start instead.
     */
    /** A write that may wait for replicas as long as the whole budget would leave the request nothing. */
    private void checkWaitFitsTheBudget(ValueReader reader) {
        if (redisWaitReplicas > 0 && redisWaitTimeout.compareTo(redisRequestBudget) >= 0) {
            throw new InvalidSettingException("conflicting settings: redis.wait-timeout ("
                    + Durations.format(redisWaitTimeout) + ", " + origin(reader, REDIS_WAIT_TIMEOUT)
                    + ") must be shorter than redis.request-budget (" + Durations.format(redisRequestBudget) + ", "
                    + origin(reader, REDIS_REQUEST_BUDGET) + "), which also covers the write the wait follows");
        }
    }

    /**
     * The user index is cleaned as sessions expire by the expiry poller's claims: without expiry
     * events, entries of expired sessions would linger.
     */
    private void checkPrincipalIndexIsCleaned(ValueReader reader) {
        if (principal != PrincipalSource.OFF && expiryEvents == ExpiryEvents.OFF) {
            throw new InvalidSettingException("conflicting settings: principal=" + principal + " ("
                    + origin(reader, PRINCIPAL) + ") needs expiry events, which expiry.events=off ("
                    + origin(reader, EXPIRY_EVENTS) + ") turns off: the expiry poller is what takes an expired "
                    + "session out of its user's index; set expiry.events=auto or on");
        }
    }

    private static String origin(ValueReader reader, Setting setting) {
        return reader.find(setting).map(value -> "from " + value.origin()).orElse("from default");
    }

    private void checkCookieRequiresSecure(ValueReader reader) {
        String secure = "cookie.secure is " + cookieSecure.configValue() + " (from "
                + reader.find(COOKIE_SECURE).orElseThrow().origin() + ")";
        if (cookieSameSite == SameSite.NONE && cookieSecure != CookieSecure.ALWAYS) {
            throw ValueReader.invalid(COOKIE_SAME_SITE, reader.find(COOKIE_SAME_SITE).orElseThrow(),
                    "SameSite=None requires cookie.secure=true, because browsers reject "
                            + "SameSite=None cookies without Secure; " + secure);
        }
        boolean hostPrefix = cookieName.regionMatches(true, 0, "__Host-", 0, 7);
        boolean securePrefix = cookieName.regionMatches(true, 0, "__Secure-", 0, 9);
        if ((hostPrefix || securePrefix) && cookieSecure != CookieSecure.ALWAYS) {
            throw ValueReader.invalid(COOKIE_NAME, reader.find(COOKIE_NAME).orElseThrow(),
                    "a cookie name starting with __Host- or __Secure- requires cookie.secure=true, "
                            + "because browsers reject such cookies without Secure; " + secure);
        }
        if (hostPrefix && (cookieDomain.isPresent() || !cookiePath.equals(Optional.of("/")))) {
            throw ValueReader.invalid(COOKIE_NAME, reader.find(COOKIE_NAME).orElseThrow(),
                    "a cookie name starting with __Host- requires cookie.path=/ and no "
                            + "cookie.domain, because browsers reject such cookies otherwise");
        }
    }

    private static Path readableFile(String text) {
        return readableFile(text, "Redisson YAML config file");
    }

    /** {@code off} or {@code none}, else a size as for {@code attribute.max-size}. */
    private static OptionalInt compressAbove(String text) {
        String trimmed = text.strip();
        if (trimmed.equalsIgnoreCase("off") || trimmed.equalsIgnoreCase("none")) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Sizes.bytes(trimmed));
        } catch (RejectedValue e) {
            throw new RejectedValue("expected off, or a size: a number of bytes, or a number with unit KB, MB, "
                    + "KiB or MiB (1024-based; e.g. 16KiB), from 1KiB to 512MiB");
        }
    }

    private static Path keyFile(String text) {
        Path path = readableFile(text, "file of encryption keys");
        try {
            EncryptionKeys.read(path);
        } catch (IllegalArgumentException e) {
            throw new RejectedValue(e.getMessage());
        }
        return path;
    }

    private static Path passwordFile(String text) {
        Path path = readableFile(text, "file holding the Redis password");
        try {
            if (Files.size(path) == 0) {
                throw new RejectedValue("file " + path + " is empty; expected the Redis password in it");
            }
        } catch (IOException e) {
            throw new RejectedValue("file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return path;
    }

    private static Path readableFile(String text, String expected) {
        Path path;
        try {
            path = Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new RejectedValue("not a valid file path; expected the path of a " + expected);
        }
        if (!Files.isRegularFile(path)) {
            throw new RejectedValue("no such file: " + path + "; expected the path of a readable "
                    + expected + " (relative paths start at the working directory)");
        }
        if (!Files.isReadable(path)) {
            throw new RejectedValue("file " + path + " is not readable by this process");
        }
        return path;
    }

    private static int cookieMaxAge(String text) {
        int seconds = Durations.seconds(text);
        if (seconds == 0) {
            // Max-Age=0 tells the browser to delete the cookie at once: no session would survive.
            throw new RejectedValue("0 would make the browser delete the cookie at once; expected "
                    + "a positive duration, or a negative number for a browser-session cookie");
        }
        return seconds;
    }
}
