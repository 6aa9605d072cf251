package dev.portablesession.internal.config;

import dev.portablesession.InvalidSettingException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The places {@link Settings#load} reads from, highest precedence first:
 *
 * <ol>
 *   <li>Java system properties, {@code portablesession.<name>};
 *   <li>environment variables, {@code PORTABLESESSION_<NAME>};
 *   <li>filter init-params, {@code <name>};
 *   <li>context-params, {@code portablesession.<name>};
 *   <li>programmatic values from the filter's builder, keyed by {@code <name>};
 *   <li>for {@code redis.url} only, the environment variable {@code REDIS_URL}, when none of the
 *       sources above sets {@code redis.url} or {@code redis.config-file};
 *   <li>container defaults from {@code web.xml <session-config>}, keyed by {@code <name>};
 *   <li>the built-in default.
 * </ol>
 *
 * <p>A source that is not given is empty; blank values count as not set. {@link #builder()}
 * reads no system properties and no environment, which keeps tests independent of the machine;
 * {@link #fromSystem()} reads both. A mutable builder: each method returns {@code this}.
 */
public final class SettingSources {

    /** How errors name the builder: its methods are named after the settings, so no key is added. */
    private static final String BUILDER = "the builder";

    /** The conventional variable that supplies {@code redis.url} when nothing else sets Redis. */
    private static final String REDIS_URL_VARIABLE = "REDIS_URL";

    /** What {@code web.xml <session-config>} can express: the session timeout, the cookie and the tracking modes. */
    private static final Set<Setting> SESSION_CONFIG = EnumSet.of(
            Setting.MAX_INACTIVE_INTERVAL, Setting.COOKIE_NAME, Setting.COOKIE_PATH,
            Setting.COOKIE_DOMAIN, Setting.COOKIE_SECURE, Setting.COOKIE_HTTP_ONLY,
            Setting.COOKIE_SAME_SITE, Setting.COOKIE_MAX_AGE, Setting.TRACKING_MODES);

    private Function<String, String> systemProperties = name -> null;
    private Function<String, String> environment = name -> null;
    private Function<String, String> initParams = name -> null;
    private Function<String, String> contextParams = name -> null;
    private Map<String, String> programmatic = Map.of();
    private Map<String, String> containerDefaults = Map.of();

    private SettingSources() {
    }

    /** @return sources that are all empty, to be filled by the methods of this class */
    public static SettingSources builder() {
        return new SettingSources();
    }

    /**
     * @return sources that read {@link System#getProperty} and {@link System#getenv}; the other
     *     sources are empty until given
     */
    public static SettingSources fromSystem() {
        return builder().systemProperties(System::getProperty).environment(System::getenv);
    }

    /**
     * @param lookup returns a system property by its full name ({@code portablesession.redis.url}),
     *     or {@code null}; typically {@code System::getProperty}
     * @return this
     */
    public SettingSources systemProperties(Function<String, String> lookup) {
        this.systemProperties = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /**
     * @param lookup returns an environment variable by name ({@code PORTABLESESSION_REDIS_URL},
     *     and {@code REDIS_URL} for the fallback), or {@code null}; typically
     *     {@code System::getenv}
     * @return this
     */
    public SettingSources environment(Function<String, String> lookup) {
        this.environment = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /**
     * @param lookup returns a filter init-param by setting name ({@code redis.url}), or
     *     {@code null}; typically {@code FilterConfig::getInitParameter}
     * @return this
     */
    public SettingSources initParams(Function<String, String> lookup) {
        this.initParams = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /**
     * @param lookup returns a context-param by its full name ({@code portablesession.redis.url}),
     *     or {@code null}; typically {@code ServletContext::getInitParameter}
     * @return this
     */
    public SettingSources contextParams(Function<String, String> lookup) {
        this.contextParams = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /**
     * @param values values set through the filter's builder, keyed by setting name
     *     ({@code redis.url}); copied; {@code null} values count as not set
     * @return this
     * @throws InvalidSettingException if a key is not a setting name
     */
    public SettingSources programmatic(Map<String, String> values) {
        this.programmatic = checkedCopy(values, BUILDER);
        return this;
    }

    /**
     * Defaults the servlet container knows from {@code web.xml <session-config>}. Give only what
     * the application configured explicitly: {@code max-inactive-interval} in seconds (web.xml's
     * {@code <session-timeout>} is in minutes), and from {@code <cookie-config>} the
     * {@code cookie.*} values that were set.
     *
     * @param values values keyed by setting name; copied; {@code null} values count as not set
     * @return this
     * @throws InvalidSettingException if a key is not {@code max-inactive-interval} or a
     *     {@code cookie.*} setting
     */
    public SettingSources containerDefaults(Map<String, String> values) {
        Map<String, String> copy = checkedCopy(values, "container defaults");
        copy.keySet().stream()
                .filter(key -> !SESSION_CONFIG.contains(Setting.forKey(key).orElseThrow()))
                .findFirst()
                .ifPresent(key -> {
                    throw new InvalidSettingException("setting " + key + " cannot come from "
                            + "web.xml <session-config>; container defaults may set only "
                            + SESSION_CONFIG.stream().map(Setting::key)
                                    .collect(Collectors.joining(", ")));
                });
        this.containerDefaults = copy;
        return this;
    }

    /** The value from sources 1 to 5, the ones a user sets on purpose. */
    Optional<SourcedValue> explicit(Setting setting) {
        return bySource(setting).stream().flatMap(Optional::stream).findFirst();
    }

    /** The value each explicit source (1 to 5) gives {@code setting}, highest first. */
    List<Optional<SourcedValue>> bySource(Setting setting) {
        return List.of(
                read(systemProperties, setting.systemProperty(), "system property "),
                read(environment, setting.environmentVariable(), "environment "),
                read(initParams, setting.key(), "init-param "),
                read(contextParams, setting.contextParam(), "context-param "),
                readBuilder(setting));
    }

    /** The value from web.xml {@code <session-config>}, source 7. */
    Optional<SourcedValue> containerDefault(Setting setting) {
        return read(containerDefaults::get, setting.key(), "web.xml <session-config> ");
    }

    /** The conventional {@code REDIS_URL} environment variable. */
    Optional<SourcedValue> redisUrlVariable() {
        return read(environment, REDIS_URL_VARIABLE, "environment ");
    }

    private Optional<SourcedValue> readBuilder(Setting setting) {
        return read(programmatic::get, setting.key(), "").map(value -> new SourcedValue(value.text(), BUILDER));
    }

    private static Optional<SourcedValue> read(
            Function<String, String> lookup, String name, String sourceName) {
        return Optional.ofNullable(lookup.apply(name))
                .map(String::strip)
                .filter(text -> !text.isEmpty())
                .map(text -> new SourcedValue(text, sourceName + name));
    }

    private static Map<String, String> checkedCopy(Map<String, String> values, String sourceName) {
        Objects.requireNonNull(values, "values");
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (Setting.forKey(key).isEmpty()) {
                throw new InvalidSettingException(UnknownSettings.unknownKey(key, sourceName));
            }
            if (value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }
}
