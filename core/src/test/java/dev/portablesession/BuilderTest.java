package dev.portablesession;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.codec.extension.IsbnModule;
import dev.portablesession.internal.codec.extension.ValidatorReplacingModule;
import dev.portablesession.internal.config.Setting;
import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder's typed values reach the settings unchanged, and {@code build()} rejects a wrong
 * value with the message an init-param with the same value gets, naming the builder instead.
 */
class BuilderTest {

    private static Settings settingsOf(RedisSessionFilter.Builder builder) {
        return Settings.load(SettingSources.builder().programmatic(builder.build().programmaticSettings()));
    }

    @Test
    void everyEnumConstantReachesTheSettings() {
        for (CodecType codec : CodecType.values()) {
            assertEquals(codec, settingsOf(RedisSessionFilter.builder().codec(codec)).codec());
        }
        for (LockMode mode : LockMode.values()) {
            assertEquals(mode, settingsOf(RedisSessionFilter.builder().lockMode(mode)).lockMode());
        }
        for (DecodeFailurePolicy policy : DecodeFailurePolicy.values()) {
            assertEquals(policy, settingsOf(RedisSessionFilter.builder().attributeDecodeFailure(policy))
                    .attributeDecodeFailure());
        }
        for (CookieSecure secure : CookieSecure.values()) {
            assertEquals(secure, settingsOf(RedisSessionFilter.builder().cookieSecure(secure)).cookieSecure());
        }
        for (SameSite sameSite : SameSite.values()) {
            assertEquals(sameSite, settingsOf(RedisSessionFilter.builder().cookieSameSite(sameSite)
                    .cookieSecure(CookieSecure.ALWAYS)).cookieSameSite());
        }
    }

    @Test
    void durationsSizesAndListsKeepTheirValues() {
        Settings settings = settingsOf(RedisSessionFilter.builder()
                .redisConnectTimeout(Duration.ofMillis(1500))
                .redisTimeout(Duration.ofSeconds(2))
                .maxInactiveInterval(Duration.ofMinutes(20))
                .cookieMaxAge(Duration.ofHours(1))
                .attributeMaxSize(64 * 1024)
                .codecCompressAbove(16 * 1024)
                .lockLease(Duration.ofSeconds(5))
                .lockWaitTimeout(Duration.ofMillis(250))
                .codecAllow("com.acme.Cart", "com.acme.shop.**")
                .lockExclude("/static/*", "*.css"));
        assertEquals(Duration.ofMillis(1500), settings.redisConnectTimeout());
        assertEquals(Duration.ofSeconds(2), settings.redisTimeout());
        assertEquals(1200, settings.maxInactiveIntervalSeconds());
        assertEquals(3600, settings.cookieMaxAgeSeconds());
        assertEquals(64 * 1024, settings.attributeMaxSizeBytes());
        assertEquals(java.util.OptionalInt.of(16 * 1024), settings.codecCompressAboveBytes());
        assertEquals(Duration.ofSeconds(5), settings.lockLease());
        assertEquals(Duration.ofMillis(250), settings.lockWaitTimeout());
        assertEquals(List.of("com.acme.Cart", "com.acme.shop.**"), settings.codecAllow());
        assertEquals(List.of("/static/*", "*.css"), settings.lockExclude());
    }

    @Test
    void negativeDurationsMeanWhatTheyMeanInInitParams() {
        Settings settings = settingsOf(RedisSessionFilter.builder()
                .maxInactiveInterval(Duration.ofSeconds(-1)).cookieMaxAge(Duration.ofSeconds(-1)));
        assertEquals(-1, settings.maxInactiveIntervalSeconds());
        assertEquals(-1, settings.cookieMaxAgeSeconds());
    }

    @Test
    void buildRejectsAWrongValueWithTheInitParamMessage() {
        assertSameMessage(b -> b.attributeMaxSize(100), "attribute.max-size", "100");
        assertSameMessage(b -> b.attributeMaxSize(1L << 32), "attribute.max-size", Long.toString(1L << 32));
        assertSameMessage(b -> b.codecCompressAbove(100), "codec.compress-above", "100");
        assertSameMessage(b -> b.redisTimeout(Duration.ZERO), "redis.timeout", "0ms");
        assertSameMessage(b -> b.redisConnectTimeout(Duration.ofMinutes(11)), "redis.connect-timeout", "660000ms");
        assertSameMessage(b -> b.lockLease(Duration.ofSeconds(-1)), "lock.lease", "-1000ms");
        assertSameMessage(b -> b.lockWaitTimeout(Duration.ofHours(1)), "lock.wait-timeout", "3600000ms");
        assertSameMessage(b -> b.maxInactiveInterval(Duration.ofMillis(1500)), "max-inactive-interval", "1500ms");
        assertSameMessage(b -> b.cookieMaxAge(Duration.ZERO), "cookie.max-age", "0ms");
        assertSameMessage(b -> b.cookieName("a b"), "cookie.name", "a b");
        assertSameMessage(b -> b.cookiePath("shop"), "cookie.path", "shop");
        assertSameMessage(b -> b.cookieDomain("-x-"), "cookie.domain", "-x-");
        assertSameMessage(b -> b.namespace("a{b}"), "namespace", "a{b}");
        assertSameMessage(b -> b.codecAllow("com..acme"), "codec.allow", "com..acme");
        assertSameMessage(b -> b.lockExclude("static"), "lock.exclude", "static");
        assertSameMessage(b -> b.redisUrl("http://cache"), "redis.url", "http://cache");
        assertSameMessage(b -> b.redisConfigFile(Path.of("no-such-redisson.yaml")), "redis.config-file",
                "no-such-redisson.yaml");
    }

    @Test
    void errorsNameTheSettingAndTheBuilder() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> RedisSessionFilter.builder().attributeMaxSize(100).build());
        assertEquals("invalid setting attribute.max-size = \"100\" (from the builder): expected a size "
                + "from 1KiB to 512MiB", e.getMessage());
    }

    @Test
    void redisUrlAndConfigFileFromTheBuilderConflict(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("redisson.yaml"), "singleServerConfig: {}\n");
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> RedisSessionFilter.builder().redisUrl("redis://cache").redisConfigFile(file).build());
        assertTrue(e.getMessage().startsWith("conflicting settings: redis.url (from the builder) and "
                + "redis.config-file (from the builder) are both set"), e.getMessage());
    }

    /** Another source may still make the combination valid, so build() leaves it to init(). */
    @Test
    void rulesThatCombineSettingsWaitForEverySource() {
        RedisSessionFilter filter = RedisSessionFilter.builder().cookieSameSite(SameSite.NONE).build();
        Map<String, String> environment = Map.of("PORTABLESESSION_COOKIE_SECURE", "true");
        Settings settings = Settings.load(SettingSources.builder().environment(environment::get)
                .programmatic(filter.programmaticSettings()));
        assertEquals(SameSite.NONE, settings.cookieSameSite());
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Settings.load(SettingSources.builder().programmatic(filter.programmaticSettings())));
        assertTrue(e.getMessage().startsWith("invalid setting cookie.same-site = \"None\" (from the builder): "
                + "SameSite=None requires cookie.secure=true"), e.getMessage());
    }

    @Test
    void settingByNameGivesWhatTheTypedMethodGives() {
        assertEquals(RedisSessionFilter.builder().maxInactiveInterval(Duration.ofMinutes(20))
                        .codecAllow("com.acme.Cart", "com.acme.shop.**").codec(CodecType.JDK)
                        .cookieSameSite(SameSite.STRICT).build().programmaticSettings(),
                RedisSessionFilter.builder().setting("max-inactive-interval", "1200000ms")
                        .setting("codec.allow", "com.acme.Cart,com.acme.shop.**").setting("codec", "jdk")
                        .setting("cookie.same-site", "Strict").build().programmaticSettings());
        Settings settings = settingsOf(RedisSessionFilter.builder().setting("namespace", "shop")
                .setting("max-inactive-interval", "20m").setting("codec.allow", "com.acme.**, com.example.Cart"));
        assertEquals("shop", settings.namespace().orElseThrow());
        assertEquals(1200, settings.maxInactiveIntervalSeconds());
        assertEquals(List.of("com.acme.**", "com.example.Cart"), settings.codecAllow());
    }

    @Test
    void settingByNameReplacesTheTypedMethodAndTheOtherWayRound() {
        assertEquals("B", settingsOf(RedisSessionFilter.builder().cookieName("A").setting("cookie.name", "B")).cookieName());
        assertEquals("A", settingsOf(RedisSessionFilter.builder().setting("cookie.name", "B").cookieName("A")).cookieName());
    }

    @Test
    void settingByNameRejectsAWrongValueWithTheInitParamMessage() {
        assertSameMessage(b -> b.setting("attribute.max-size", "100"), "attribute.max-size", "100");
        assertSameMessage(b -> b.setting("max-inactive-interval", "soon"), "max-inactive-interval", "soon");
        assertSameMessage(b -> b.setting("codec", "xml"), "codec", "xml");
        assertSameMessage(b -> b.setting("lock.mode", "sometimes"), "lock.mode", "sometimes");
        assertSameMessage(b -> b.setting("cookie.http-only", "yes"), "cookie.http-only", "yes");
        assertSameMessage(b -> b.setting("redis.url", "http://cache"), "redis.url", "http://cache");
    }

    @Test
    void settingByNameRefusesANameThatIsNoSettingAndSaysWhichWasMeant() {
        InvalidSettingException misspelt = assertThrows(InvalidSettingException.class,
                () -> RedisSessionFilter.builder().setting("redis-url", "redis://cache"));
        assertTrue(misspelt.getMessage().startsWith("unknown setting \"redis-url\" in the builder "
                + "(did you mean redis.url?); known settings: redis.url, redis.config-file, "), misspelt.getMessage());
        InvalidSettingException prefixed = assertThrows(InvalidSettingException.class,
                () -> RedisSessionFilter.builder().setting("portablesession.namespace", "shop"));
        assertTrue(prefixed.getMessage().startsWith("unknown setting \"portablesession.namespace\" in the builder; "
                + "known settings: "), prefixed.getMessage());
        InvalidSettingException nothingClose = assertThrows(InvalidSettingException.class,
                () -> RedisSessionFilter.builder().setting("flux-capacitor", "on"));
        assertTrue(nothingClose.getMessage().startsWith("unknown setting \"flux-capacitor\" in the builder; "
                + "known settings: "), nothingClose.getMessage());
    }

    @Test
    void settingByNameTakesEverySettingButTheInitializersSwitch() {
        for (Setting setting : Setting.values()) {
            if (setting == Setting.AUTO_REGISTER) {
                InvalidSettingException e = assertThrows(InvalidSettingException.class,
                        () -> RedisSessionFilter.builder().setting(setting.key(), "false"));
                assertTrue(e.getMessage().startsWith("setting auto-register cannot be given to the builder"),
                        e.getMessage());
            } else {
                RedisSessionFilter.Builder builder = RedisSessionFilter.builder();
                assertSame(builder, builder.setting(setting.key(), "x"), setting.key());
            }
        }
    }

    @Test
    void jacksonModulesAndMixInsReachTheSettingsAsNames() {
        Settings settings = settingsOf(RedisSessionFilter.builder()
                .codecJacksonModules("org.springframework.security.jackson.CoreJacksonModule", "com.acme.JsonModule")
                .codecJacksonMixins("com.acme.Money=com.acme.json.MoneyMixIn"));
        assertEquals(List.of("org.springframework.security.jackson.CoreJacksonModule", "com.acme.JsonModule"),
                settings.codecJacksonModules());
        assertEquals(Map.of("com.acme.Money", "com.acme.json.MoneyMixIn"), settings.codecJacksonMixins());
        assertSameMessage(b -> b.codecJacksonModules("com..acme.JsonModule"), "codec.jackson-modules", "com..acme.JsonModule");
        assertSameMessage(b -> b.codecJacksonMixins("com.acme.Money", "a.B=a.C"), "codec.jackson-mixins", "com.acme.Money,a.B=a.C");
    }

    /** Module instances are checked where they are given, as session listeners are. */
    @Test
    void jacksonModulesRefusesAModuleThatWidensPolymorphicTyping() {
        RedisSessionFilter.Builder builder = RedisSessionFilter.builder().jacksonModules(new IsbnModule());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.jacksonModules(new ValidatorReplacingModule()));
        assertTrue(e.getMessage().startsWith("Jackson module " + ValidatorReplacingModule.class.getName()
                + " replaces the JSON codec's polymorphic type validation"), e.getMessage());
    }

    @Test
    void sessionListenerTakesOnlyTheKindsTheFilterCalls() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisSessionFilter.builder().sessionListener(new java.util.EventListener() {
                }));
        assertTrue(e.getMessage().contains("is none of HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener"),
                e.getMessage());
    }

    private static void assertSameMessage(UnaryOperator<RedisSessionFilter.Builder> set, String setting, String text) {
        InvalidSettingException fromBuilder = assertThrows(InvalidSettingException.class,
                () -> set.apply(RedisSessionFilter.builder()).build());
        InvalidSettingException fromInitParam = assertThrows(InvalidSettingException.class,
                () -> Settings.load(SettingSources.builder().initParams(Map.of(setting, text)::get)));
        assertEquals(fromInitParam.getMessage().replace("(from init-param " + setting + ")", "(from the builder)"),
                fromBuilder.getMessage());
    }
}
