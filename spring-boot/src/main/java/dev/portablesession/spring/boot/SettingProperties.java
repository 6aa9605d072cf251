package dev.portablesession.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The {@code portablesession.*} properties of a Spring environment, as the filter's settings:
 * {@code portablesession.redis.url} is the setting {@code redis.url}. Names are compared in Spring
 * Boot's canonical form (lower case, dashes kept), so {@code portablesession.Namespace} is
 * {@code namespace}; a list ({@code codec.allow[0]}, a YAML sequence) is joined with commas. Where
 * several property sources give a setting, the one Spring ranks first wins, as for any property.
 *
 * <p>System properties and environment variables are left out: the filter reads them itself, with
 * precedence over everything given here, under the same names, and an environment variable's
 * name cannot be read back into a setting's ({@code PORTABLESESSION_COOKIE_SAME_SITE} is
 * {@code cookie.same.site} to Spring).
 */
final class SettingProperties {

    /** The properties' common prefix. */
    static final String PREFIX = "portablesession";

    /** The auto-configuration's own switch, under the same prefix; no setting of the filter. */
    static final String ENABLED = "enabled";

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

    private static final Set<String> READ_BY_THE_FILTER = Set.of(
            StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);

    /**
     * One setting as the properties give it.
     *
     * @param key the setting's name as written under the prefix, in canonical form:
     *     {@code redis.url}, or a name that is no setting, for the builder to refuse
     * @param value the value, placeholders resolved; list elements joined with commas
     * @param origin where it was set, for error messages: a file and line, or a property source
     */
    record Property(String key, String value, String origin) {

        /** The full property name, as an error message should name it. */
        String propertyName() {
            return PREFIX + "." + key;
        }
    }

    private SettingProperties() {
    }

    /**
     * @return every setting the properties give, by key, in the order first seen
     * @throws IllegalArgumentException when a value names a placeholder that cannot be resolved
     */
    static Map<String, Property> read(ConfigurableEnvironment environment) {
        Map<String, Property> settings = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable) || readByTheFilter(source)) {
                continue;
            }
            Map<String, Property> fromSource = new LinkedHashMap<>();
            Map<String, TreeMap<Integer, Object>> lists = new LinkedHashMap<>();
            Map<String, Origin> listOrigins = new LinkedHashMap<>();
            iterable.filter(ROOT::isAncestorOf).stream().forEach(name -> {
                ConfigurationPropertyName relative = name.subName(ROOT.getNumberOfElements());
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property == null || property.getValue() == null) {
                    return;
                }
                int last = relative.getNumberOfElements() - 1;
                if (relative.isLastElementIndexed() && relative.isNumericIndex(last)) {
                    String key = relative.chop(last).toString();
                    int index = Integer.parseInt(relative.getLastElement(ConfigurationPropertyName.Form.UNIFORM));
                    lists.computeIfAbsent(key, k -> new TreeMap<>()).put(index, property.getValue());
                    listOrigins.putIfAbsent(key, property.getOrigin());
                } else {
                    String key = relative.toString();
                    fromSource.put(key, new Property(key, text(environment, property.getValue()),
                            describe(property.getOrigin(), source)));
                }
            });
            lists.forEach((key, elements) -> {
                List<String> texts = new ArrayList<>();
                elements.values().forEach(element -> texts.add(text(environment, element)));
                fromSource.putIfAbsent(key, new Property(key, String.join(",", texts), describe(listOrigins.get(key), source)));
            });
            fromSource.forEach(settings::putIfAbsent);
        }
        settings.remove(ENABLED);
        return settings;
    }

    private static boolean readByTheFilter(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof PropertySource<?> underlying
                && (READ_BY_THE_FILTER.contains(underlying.getName())
                        || ConfigurationPropertySources.isAttachedConfigurationPropertySource(underlying));
    }

    private static String text(ConfigurableEnvironment environment, Object value) {
        return value instanceof String text ? environment.resolveRequiredPlaceholders(text) : value.toString();
    }

    /** Spring Boot gives every property an origin: a file and line, or at least its property source. */
    private static String describe(Origin origin, ConfigurationPropertySource source) {
        return Objects.toString(origin, source.toString());
    }
}
