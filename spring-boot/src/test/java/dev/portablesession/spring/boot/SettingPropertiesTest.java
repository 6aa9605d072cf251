package dev.portablesession.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** What the properties give each setting: names, lists, precedence, origins and what is left to the filter. */
class SettingPropertiesTest {

    private final StandardEnvironment environment = new StandardEnvironment();

    private Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        SettingProperties.read(environment).forEach((key, property) -> values.put(key, property.value()));
        return values;
    }

    private void addLast(String name, Map<String, Object> properties) {
        environment.getPropertySources().addLast(new MapPropertySource(name, properties));
    }

    @Test
    void aYamlFileGivesEverySettingUnderThePrefixWithItsLineAndListsJoined() throws IOException {
        for (PropertySource<?> source : new YamlPropertySourceLoader()
                .load("application.yaml", new ClassPathResource("setting-properties.yaml"))) {
            environment.getPropertySources().addLast(source);
        }
        Map<String, SettingProperties.Property> settings = SettingProperties.read(environment);
        assertEquals(List.of("namespace", "redis.url", "max-inactive-interval", "cookie.secure", "redis-url",
                "codec.allow"), List.copyOf(settings.keySet()), "enabled is the auto-configuration's own");
        assertEquals("shop", settings.get("namespace").value());
        assertEquals("com.acme.**,com.example.Cart", settings.get("codec.allow").value());
        assertEquals("true", settings.get("cookie.secure").value(), "a YAML boolean as the setting's text");
        SettingProperties.Property typo = settings.get("redis-url");
        assertEquals("portablesession.redis-url", typo.propertyName());
        assertEquals("class path resource [setting-properties.yaml] - 13:14", typo.origin());
    }

    @Test
    void theSourceSpringRanksFirstWinsEachSetting() {
        addLast("command line", Map.of("portablesession.namespace", "first"));
        addLast("application.properties", Map.of("portablesession.namespace", "second",
                "portablesession.cookie.name", "SHOP"));
        assertEquals(Map.of("namespace", "first", "cookie.name", "SHOP"), values());
        assertEquals("\"portablesession.namespace\" from property source \"command line\"", SettingProperties.read(environment).get("namespace").origin());
    }

    @Test
    void aListIsTakenWholeFromOneSource() {
        addLast("first", Map.of("portablesession.codec.allow[0]", "com.acme.**", "portablesession.codec.allow[2]",
                "com.zeta.**", "portablesession.codec.allow[1]", "com.example.Cart"));
        addLast("second", Map.of("portablesession.codec.allow", "org.other.**"));
        assertEquals(Map.of("codec.allow", "com.acme.**,com.example.Cart,com.zeta.**"), values());
    }

    @Test
    void placeholdersAreResolved() {
        addLast("application.properties", Map.of("portablesession.redis.url", "redis://${cache.host}:6380",
                "cache.host", "cache.internal"));
        assertEquals(Map.of("redis.url", "redis://cache.internal:6380"), values());
        addLast("more", Map.of("portablesession.namespace", "${no.such.property}"));
        assertThrows(IllegalArgumentException.class, this::values);
    }

    /** The filter reads both itself, above the builder; PORTABLESESSION_COOKIE_SAME_SITE would become cookie.same.site. */
    @Test
    void systemPropertiesAndEnvironmentVariablesAreLeftToTheFilter() {
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("PORTABLESESSION_COOKIE_SAME_SITE", "Strict")));
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                new MapPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                        Map.of("portablesession.namespace", "from-a-system-property")));
        ConfigurationPropertySources.attach(environment);
        addLast("application.properties", Map.of("portablesession.cookie.name", "SHOP"));
        assertEquals("Strict", environment.getProperty("portablesession.cookie.same.site"), "Spring sees it");
        assertEquals(Map.of("cookie.name", "SHOP"), values());
    }

    @Test
    void namesAreCanonicalSoANameSpringWouldRelaxReachesTheBuilderAsItsCanonicalForm() {
        addLast("application.properties", Map.of("portablesession.Cookie.Name", "SHOP",
                "portablesession.cookie.sameSite", "Strict"));
        Map<String, String> values = values();
        assertEquals("SHOP", values.get("cookie.name"));
        assertTrue(values.containsKey("cookie.samesite"), "camelCase is no setting's name, for the builder to refuse: "
                + values);
    }
}
