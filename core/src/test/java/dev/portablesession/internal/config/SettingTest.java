package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SettingTest {

    @Test
    void namesEachSourceByTheRule() {
        assertEquals("redis.url", Setting.REDIS_URL.key());
        assertEquals("portablesession.redis.url", Setting.REDIS_URL.systemProperty());
        assertEquals("PORTABLESESSION_REDIS_URL", Setting.REDIS_URL.environmentVariable());
        assertEquals("portablesession.redis.url", Setting.REDIS_URL.contextParam());
        assertEquals("PORTABLESESSION_COOKIE_SAME_SITE",
                Setting.COOKIE_SAME_SITE.environmentVariable());
        assertEquals("PORTABLESESSION_REDIS_CONFIG_FILE",
                Setting.REDIS_CONFIG_FILE.environmentVariable());
        assertEquals("PORTABLESESSION_ATTRIBUTE_DECODE_FAILURE",
                Setting.ATTRIBUTE_DECODE_FAILURE.environmentVariable());
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    void everySettingIsDescribedAndFoundByItsKey(Setting setting) {
        assertEquals(Optional.of(setting), Setting.forKey(setting.key()));
        assertFalse(setting.description().isBlank());
        assertFalse(setting.defaultDescription().isBlank());
        assertTrue(setting.key().matches("[a-z]+([.-][a-z]+)*"), setting.key());
    }

    @Test
    void unknownKeyIsNotASetting() {
        assertEquals(Optional.empty(), Setting.forKey("redis.ulr"));
        assertEquals(Optional.empty(), Setting.forKey("REDIS_URL"));
    }

    @Test
    void builtInDefaultsAreValidValues() {
        Settings defaults = Settings.load(SettingSources.builder());
        assertEquals("redis://127.0.0.1:6379/0", defaults.redisUrl().orElseThrow().toString());
        for (Setting setting : Setting.values()) {
            if (setting.defaultValue() != null) {
                assertTrue(setting.defaultDescription().contains(setting.defaultValue())
                        || setting == Setting.MAX_INACTIVE_INTERVAL, setting.key());
            }
        }
    }
}
