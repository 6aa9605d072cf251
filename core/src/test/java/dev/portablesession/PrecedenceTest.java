package dev.portablesession;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The order documented in {@link RedisSessionFilter} and {@code docs/configuration.md}, with the
 * real builder in its place: starting from the default, each source added decides the value over
 * the one below it, so every adjacent pair of the order is tested.
 */
class PrecedenceTest {

    private final Map<String, String> systemProperties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, String> initParams = new HashMap<>();
    private final Map<String, String> contextParams = new HashMap<>();
    private final Map<String, String> containerDefaults = new HashMap<>();
    private RedisSessionFilter filter = RedisSessionFilter.builder().build();

    private Settings load() {
        return Settings.load(SettingSources.builder()
                .systemProperties(systemProperties::get)
                .environment(environment::get)
                .initParams(initParams::get)
                .contextParams(contextParams::get)
                .programmatic(filter.programmaticSettings())
                .containerDefaults(containerDefaults));
    }

    @Test
    void eachSourceOverridesTheOneBelowIt() {
        assertEquals("SESSION", load().cookieName());
        containerDefaults.put("cookie.name", "WEBXML");
        assertEquals("WEBXML", load().cookieName());
        filter = RedisSessionFilter.builder().cookieName("BUILDER").build();
        assertEquals("BUILDER", load().cookieName());
        contextParams.put("portablesession.cookie.name", "CONTEXT");
        assertEquals("CONTEXT", load().cookieName());
        initParams.put("cookie.name", "INIT");
        assertEquals("INIT", load().cookieName());
        environment.put("PORTABLESESSION_COOKIE_NAME", "ENV");
        assertEquals("ENV", load().cookieName());
        systemProperties.put("portablesession.cookie.name", "PROPERTY");
        assertEquals("PROPERTY", load().cookieName());
    }

    /**
     * {@code REDIS_URL} sits between the builder and the defaults; {@code <session-config>} cannot
     * set {@code redis.url}, so the pair REDIS_URL / session-config has nothing to decide.
     */
    @Test
    void theRedisUrlVariableRanksBelowTheBuilderAndAboveTheDefault() {
        assertEquals("redis://127.0.0.1:6379/0", redisUrl());
        environment.put("REDIS_URL", "redis://variable:6379");
        assertEquals("redis://variable:6379/0", redisUrl());
        filter = RedisSessionFilter.builder().redisUrl("redis://builder:6379").build();
        assertEquals("redis://builder:6379/0", redisUrl());
        contextParams.put("portablesession.redis.url", "redis://context:6379");
        assertEquals("redis://context:6379/0", redisUrl());
        initParams.put("redis.url", "redis://init:6379");
        assertEquals("redis://init:6379/0", redisUrl());
        environment.put("PORTABLESESSION_REDIS_URL", "redis://env:6379");
        assertEquals("redis://env:6379/0", redisUrl());
        systemProperties.put("portablesession.redis.url", "redis://property:6379");
        assertEquals("redis://property:6379/0", redisUrl());
    }

    private String redisUrl() {
        return load().redisUrl().orElseThrow().toString();
    }
}
