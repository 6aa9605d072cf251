package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Misspelt settings are named, with the nearest known one; everything else is left alone. */
class UnknownSettingsTest {

    @Test
    void eachSourceIsCheckedInItsOwnSpelling() {
        List<String> messages = UnknownSettings.find(List.of("redis.url", "lock-mode"),
                List.of("portablesession.redis.url", "portablesession.cookie.samesite", "javax.faces.PROJECT_STAGE"),
                List.of("portablesession.lock.lease", "portablesession.redis.timout", "java.version"),
                List.of("PORTABLESESSION_REDIS_URL", "PORTABLESESSION_LOCK_MODEE", "PATH", "REDIS_URL"));
        assertEquals(List.of(
                "init-param lock-mode names no setting of RedisSessionFilter and is ignored; did you mean lock.mode?",
                "context-param portablesession.cookie.samesite names no setting of RedisSessionFilter and is ignored;"
                        + " did you mean portablesession.cookie.same-site?",
                "system property portablesession.redis.timout names no setting of RedisSessionFilter and is ignored;"
                        + " did you mean portablesession.redis.timeout?",
                "environment variable PORTABLESESSION_LOCK_MODEE names no setting of RedisSessionFilter and is ignored;"
                        + " did you mean PORTABLESESSION_LOCK_MODE?"), messages);
    }

    @Test
    void theLoginModulesContextParamsAreItsOwn() {
        assertEquals(List.of(), UnknownSettings.find(List.of(), List.of("portablesession.login", "portablesession.login.page",
                "portablesession.login.error-page"), List.of(), List.of()));
        assertEquals(1, UnknownSettings.find(List.of(), List.of("portablesession.loginpage"), List.of(), List.of()).size(),
                "only the module's own namespace");
    }

    @Test
    void aNameFarFromEverySettingPointsToTheReference() {
        assertEquals(List.of("init-param something-else-entirely names no setting of RedisSessionFilter and is ignored;"
                + " the settings are listed in docs/configuration.md"),
                UnknownSettings.find(List.of("something-else-entirely"), List.of(), List.of(), List.of()));
    }
}
