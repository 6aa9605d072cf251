package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.CookieSecure;
import dev.portablesession.InvalidSettingException;
import dev.portablesession.SameSite;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each source, one at a time removed from the top, decides the value. */
class SettingsPrecedenceTest {

    private final Map<String, String> systemProperties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, String> initParams = new HashMap<>();
    private final Map<String, String> contextParams = new HashMap<>();
    private final Map<String, String> programmatic = new HashMap<>();
    private final Map<String, String> containerDefaults = new HashMap<>();

    private Settings load() {
        return Settings.load(SettingSources.builder()
                .systemProperties(systemProperties::get)
                .environment(environment::get)
                .initParams(initParams::get)
                .contextParams(contextParams::get)
                .programmatic(programmatic)
                .containerDefaults(containerDefaults));
    }

    @Test
    void eachSourceOverridesTheOnesBelowIt() {
        assertEquals("SESSION", load().cookieName());
        containerDefaults.put("cookie.name", "FROM_WEB_XML");
        assertEquals("FROM_WEB_XML", load().cookieName());
        programmatic.put("cookie.name", "FROM_BUILDER");
        assertEquals("FROM_BUILDER", load().cookieName());
        contextParams.put("portablesession.cookie.name", "FROM_CONTEXT");
        assertEquals("FROM_CONTEXT", load().cookieName());
        initParams.put("cookie.name", "FROM_INIT");
        assertEquals("FROM_INIT", load().cookieName());
        environment.put("PORTABLESESSION_COOKIE_NAME", "FROM_ENV");
        assertEquals("FROM_ENV", load().cookieName());
        systemProperties.put("portablesession.cookie.name", "FROM_PROPERTY");
        assertEquals("FROM_PROPERTY", load().cookieName());
    }

    @Test
    void sourcesAreAskedByTheirOwnNamingRule() {
        systemProperties.put("cookie.name", "WRONG");
        environment.put("portablesession.cookie.name", "WRONG");
        environment.put("COOKIE_NAME", "WRONG");
        initParams.put("portablesession.cookie.name", "WRONG");
        contextParams.put("cookie.name", "WRONG");
        assertEquals("SESSION", load().cookieName());
    }

    @Test
    void blankValuesCountAsNotSet() {
        initParams.put("cookie.name", "FROM_INIT");
        environment.put("PORTABLESESSION_COOKIE_NAME", "   ");
        systemProperties.put("portablesession.cookie.name", "");
        assertEquals("FROM_INIT", load().cookieName());
    }

    @Test
    void valuesAreStripped() {
        initParams.put("cookie.same-site", "  strict \n");
        assertEquals(SameSite.STRICT, load().cookieSameSite());
    }

    @Test
    void nullValuesInMapsCountAsNotSet() {
        programmatic.put("cookie.name", null);
        assertEquals("SESSION", load().cookieName());
    }

    @Test
    void sessionTimeoutFromWebXmlReplacesTheBuiltInDefault() {
        containerDefaults.put("max-inactive-interval", "600");
        assertEquals(600, load().maxInactiveIntervalSeconds());
        programmatic.put("max-inactive-interval", "5m");
        assertEquals(300, load().maxInactiveIntervalSeconds());
    }

    @Test
    void cookieConfigFromWebXmlIsHonoured() {
        containerDefaults.putAll(Map.of("cookie.path", "/shop", "cookie.domain", "example.com",
                "cookie.secure", "true", "cookie.http-only", "false", "cookie.max-age", "3600"));
        Settings settings = load();
        assertEquals(Optional.of("/shop"), settings.cookiePath());
        assertEquals(Optional.of("example.com"), settings.cookieDomain());
        assertEquals(CookieSecure.ALWAYS, settings.cookieSecure());
        assertEquals(false, settings.cookieHttpOnly());
        assertEquals(3600, settings.cookieMaxAgeSeconds());
    }

    @Test
    void containerDefaultsAcceptOnlyWhatSessionConfigCanSay() {
        containerDefaults.put("redis.url", "redis://elsewhere");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, this::load);
        assertTrue(e.getMessage().startsWith("setting redis.url cannot come from web.xml "
                + "<session-config>"), e.getMessage());
    }

    @Test
    void unknownBuilderKeyIsRejectedWithTheKnownNames() {
        programmatic.put("cookie.nmae", "X");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, this::load);
        assertTrue(e.getMessage().startsWith("unknown setting \"cookie.nmae\" in the builder "
                + "(did you mean cookie.name?); known settings: redis.url, redis.config-file,"), e.getMessage());
    }

    @Test
    void builderMapIsCopied() {
        SettingSources sources = SettingSources.builder().programmatic(programmatic);
        programmatic.put("cookie.name", "LATER");
        assertEquals("SESSION", Settings.load(sources).cookieName());
    }

    @Test
    void errorsNameTheSourceTheValueCameFrom() {
        assertOrigin("system property portablesession.codec",
                () -> systemProperties.put("portablesession.codec", "xml"));
        assertOrigin("environment PORTABLESESSION_CODEC",
                () -> environment.put("PORTABLESESSION_CODEC", "xml"));
        assertOrigin("init-param codec", () -> initParams.put("codec", "xml"));
        assertOrigin("context-param portablesession.codec",
                () -> contextParams.put("portablesession.codec", "xml"));
        assertOrigin("the builder", () -> programmatic.put("codec", "xml"));
    }

    @Test
    void errorNamesWebXmlForAContainerDefault() {
        containerDefaults.put("max-inactive-interval", "ten");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, this::load);
        assertTrue(e.getMessage().contains(
                "(from web.xml <session-config> max-inactive-interval)"), e.getMessage());
    }

    private void assertOrigin(String origin, Runnable setBadValue) {
        systemProperties.clear();
        environment.clear();
        initParams.clear();
        contextParams.clear();
        programmatic.clear();
        setBadValue.run();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, this::load);
        assertEquals("invalid setting codec = \"xml\" (from " + origin
                + "): expected one of json, jdk", e.getMessage());
    }
}
