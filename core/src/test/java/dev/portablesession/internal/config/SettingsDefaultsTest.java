package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.CodecType;
import dev.portablesession.CookieSecure;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.SameSite;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsDefaultsTest {

    private final Settings defaults = Settings.load(SettingSources.builder());

    @Test
    void redisDefaults() {
        RedisUrl url = defaults.redisUrl().orElseThrow();
        assertEquals("redis://127.0.0.1:6379", url.address());
        assertEquals(0, url.database());
        assertEquals(Optional.empty(), url.password());
        assertEquals(Optional.empty(), defaults.redisConfigFile());
        assertEquals(Duration.ofSeconds(5), defaults.redisConnectTimeout());
        assertEquals(Duration.ofSeconds(3), defaults.redisTimeout());
        assertEquals(Optional.empty(), defaults.namespace());
    }

    @Test
    void sessionAndCookieDefaults() {
        assertEquals(1800, defaults.maxInactiveIntervalSeconds());
        assertEquals("SESSION", defaults.cookieName());
        assertEquals(Optional.empty(), defaults.cookiePath());
        assertEquals(Optional.empty(), defaults.cookieDomain());
        assertEquals(CookieSecure.AUTO, defaults.cookieSecure());
        assertTrue(defaults.cookieHttpOnly());
        assertEquals(SameSite.LAX, defaults.cookieSameSite());
        assertEquals(-1, defaults.cookieMaxAgeSeconds());
    }

    @Test
    void codecDefaults() {
        assertEquals(CodecType.JSON, defaults.codec());
        assertEquals(List.of(), defaults.codecAllow());
        assertEquals(1024 * 1024, defaults.attributeMaxSizeBytes());
        assertEquals(DecodeFailurePolicy.DROP, defaults.attributeDecodeFailure());
    }

    @Test
    void describeListsEverySettingOnOneLine() {
        String line = defaults.describe();
        assertEquals("redis.url=redis://127.0.0.1:6379/0, redis.connect-timeout=5s, "
                + "redis.timeout=3s, redis.request-budget=5s, redis.share-client=false, redis.down-policy=fail, redis.wait-replicas=0, namespace=(from the context path), "
                + "max-inactive-interval=30m, cookie.name=SESSION, "
                + "cookie.path=(the context path), cookie.domain=(none), cookie.secure=auto, "
                + "cookie.http-only=true, cookie.same-site=Lax, "
                + "cookie.max-age=-1 (browser session), tracking-modes=COOKIE, touch-on-every-request=false, "
                + "adopt-container-sessions=false, codec=json, codec.allow=[], "
                + "codec.allow-application-classes=true, codec.jackson-modules=[], codec.jackson-mixins=[], codec.compress-above=off, attribute.max-size=1MiB, attribute.lazy-above=16KiB, session.max-attributes=1000, session.max-size=8MiB, attribute.decode-failure=drop, attribute.change-detection=true, lock.mode=none, lock.lease=30s, lock.wait-timeout=10s, lock.exclude=[], listeners=[], "
                + "expiry.events=auto, expiry.poll-interval=1s, expiry.horizon=1h, principal=off", line);
        assertFalse(line.contains("\n"));
        assertEquals(line, defaults.toString());
        for (Setting setting : Setting.values()) {
            // auto-register is the initializer's, not the filter's: its log line leaves it out;
            // redis.wait-timeout shows only when there are replicas to wait for, the principal's
            // limits only with a principal (principalSettingsAreReadAndChecked).
            if (setting != Setting.REDIS_CONFIG_FILE && setting != Setting.REDIS_PASSWORD_FILE
                    && setting != Setting.ENCRYPTION_KEY_FILE && setting != Setting.AUTO_REGISTER
                    && setting != Setting.REDIS_WAIT_TIMEOUT && setting != Setting.PRINCIPAL_MAX_SESSIONS
                    && setting != Setting.PRINCIPAL_MAX_SESSIONS_POLICY) {
                assertTrue(line.contains(setting.key() + "="), setting.key());
            }
        }
    }

    @Test
    void fromSystemReadsSystemProperties() {
        String property = Setting.COOKIE_NAME.systemProperty();
        System.setProperty(property, "FROM_SYSTEM");
        try {
            assertEquals("FROM_SYSTEM", Settings.load(SettingSources.fromSystem()).cookieName());
        } finally {
            System.clearProperty(property);
        }
    }
}
