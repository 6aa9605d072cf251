package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the Redis connection comes from: redis.url, redis.config-file or REDIS_URL. */
class RedisSourceTest {

    @TempDir
    Path directory;

    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, String> initParams = new HashMap<>();
    private final Map<String, String> programmatic = new HashMap<>();
    private final Map<String, String> systemProperties = new HashMap<>();

    private Settings load() {
        return Settings.load(SettingSources.builder()
                .systemProperties(systemProperties::get)
                .environment(environment::get)
                .initParams(initParams::get)
                .programmatic(programmatic));
    }

    private String configFile() throws IOException {
        return Files.writeString(directory.resolve("redisson.yaml"), "singleServerConfig: {}\n")
                .toString();
    }

    @Test
    void redisUrlVariableIsTheFallback() {
        environment.put("REDIS_URL", "redis://cache:6380/2");
        assertEquals("redis://cache:6380/2", load().redisUrl().orElseThrow().toString());
    }

    @Test
    void redisUrlSettingFromAnySourceBeatsTheVariable() {
        environment.put("REDIS_URL", "redis://conventional");
        programmatic.put("redis.url", "redis://configured");
        assertEquals("configured", load().redisUrl().orElseThrow().host());
    }

    @Test
    void configFileFromAnySourceDisablesTheVariable() throws IOException {
        environment.put("REDIS_URL", "redis://conventional");
        programmatic.put("redis.config-file", configFile());
        Settings settings = load();
        assertEquals(Optional.empty(), settings.redisUrl());
        assertEquals(Optional.of(Path.of(configFile()).toAbsolutePath()),
                settings.redisConfigFile());
        assertTrue(settings.describe().startsWith("redis.config-file=" + configFile() + ", "));
    }

    @Test
    void invalidVariableIsReportedAsSuch() {
        environment.put("REDIS_URL", "http://cache");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, this::load);
        assertEquals("invalid setting redis.url = \"http://cache\" (from environment REDIS_URL): "
                + "the scheme must be redis://, rediss:// or redis-sentinel://; " + RedisUrlParser.EXPECTED,
                e.getMessage());
    }

    @Test
    void aDeploymentsConfigFileReplacesTheApplicationsUrlAsAWhole() throws IOException {
        initParams.put("redis.url", "redis://:secret@cache");
        environment.put("PORTABLESESSION_REDIS_CONFIG_FILE", configFile());
        Settings settings = load();
        assertEquals(Optional.of(Path.of(configFile())), settings.redisConfigFile());
        assertTrue(settings.redisUrl().isEmpty(), "the web.xml URL is not used at all");
    }

    @Test
    void aDeploymentsUrlReplacesTheApplicationsConfigFile() throws IOException {
        initParams.put("redis.config-file", configFile());
        systemProperties.put("portablesession.redis.url", "redis://other:6380");
        Settings settings = load();
        assertTrue(settings.redisConfigFile().isEmpty());
        assertEquals("other", settings.redisUrl().orElseThrow().host());
    }

    @Test
    void urlAndConfigFileFromOneSourceAreRejectedNamingBoth() throws IOException {
        environment.put("PORTABLESESSION_REDIS_URL", "redis://:secret@cache");
        environment.put("PORTABLESESSION_REDIS_CONFIG_FILE", configFile());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, this::load);
        assertEquals("conflicting settings: redis.url (from environment PORTABLESESSION_REDIS_URL) and "
                + "redis.config-file (from environment PORTABLESESSION_REDIS_CONFIG_FILE) are "
                + "both set; set only one: redis.url for one Redis server, redis.config-file for "
                + "Cluster, Sentinel, replicated or custom TLS setups", e.getMessage());
    }

    @Test
    void missingConfigFileIsRejected() {
        Path missing = directory.resolve("missing.yaml");
        initParams.put("redis.config-file", missing.toString());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, this::load);
        assertEquals("invalid setting redis.config-file = \"" + missing + "\" (from init-param "
                + "redis.config-file): no such file: " + missing + "; expected the path of a "
                + "readable Redisson YAML config file (relative paths start at the working "
                + "directory)", e.getMessage());
    }

    @Test
    void directoryIsNotAConfigFile() {
        initParams.put("redis.config-file", directory.toString());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, this::load);
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
