package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portablesession.InvalidSettingException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** No message, log line or toString may ever contain a Redis password. */
class PasswordMaskingTest {

    /** Written in the URL as {@code ENCODED}, decoded to {@code DECODED}; both must stay hidden. */
    private static final String PLAIN = "Sup3rS3cretPw";
    private static final String ENCODED = "S3cr%40tPw99";
    private static final String DECODED = "S3cr@tPw99";

    /**
     * Malformed URLs; {@code PW} stands for the password. A password written where the host
     * belongs cannot be told from a host name, so no case puts it there.
     */
    private static final List<String> MALFORMED = List.of(
            "PW",
            "PW@cache",
            "redis://:PW",
            "redis://user:PW",
            "redis://PW@cache",
            "redis://user:PW@",
            "redis://:PW@:6379",
            "redis://user:PW@cache:abc",
            "redis://user:PW@cache:0",
            "redis://user:PW@cache:70000",
            "redis://user:PW@cache/x",
            "redis://user:PW@cache/-1",
            "redis://user:PW@cache?ssl=true",
            "redis://user:PW@cache#frag",
            "redis://user:PW@ca che",
            "redis://user:PW@[::1",
            "redis://user:PW@::1",
            "redis://user:PW%zz@cache",
            "redis://user:PW%4@cache",
            "redis://us%er:PW@cache",
            "redis://user:PW @cache",
            "redis://user:PW\t@cache",
            "redis://cache?password=PW",
            "redis://cache/PW",
            "redis://cache:PW",
            "redis://cache:6379/0?password=PW",
            "redis://[PW]:6379",
            "redis:/:PW@cache",
            "redis:PW@cache",
            "redis//:PW@cache",
            "http://:PW@cache",
            "http://user:PW@cache:6379",
            "REDIS_URL=redis://:PW@cache",
            "redis://:PW@cache:6379 extra",
            "redis://:PW\n@cache",
            "redis://:PW@cache\u0000",
            "redis://user:PW@cache:6379/0/",
            "unix:///var/run/redis.sock?password=PW",
            "PW:6379",
            "redis://PW:6379x",
            "redis://[::1]:PW",
            "redis://user:PW@[::1]:PW");

    static Stream<Arguments> malformedUrls() {
        return MALFORMED.stream().flatMap(template -> Stream.of(
                Arguments.of(template.replace("PW", PLAIN), PLAIN),
                Arguments.of(template.replace("PW", ENCODED), DECODED)));
    }

    @ParameterizedTest
    @MethodSource("malformedUrls")
    void rejectionNeverContainsThePassword(String url, String decoded) {
        for (SettingSources sources : List.of(
                SettingSources.builder().initParams(Map.of("redis.url", url)::get),
                SettingSources.builder().environment(Map.of("REDIS_URL", url)::get),
                SettingSources.builder().programmatic(Map.of("redis.url", url)))) {
            InvalidSettingException e =
                    assertThrows(InvalidSettingException.class, () -> Settings.load(sources), url);
            assertHidden(e.toString(), url, decoded);
            assertHidden(String.valueOf(e.getCause()), url, decoded);
        }
    }

    @Test
    void conflictMessageNeverContainsThePassword() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Settings.load(SettingSources.builder().programmatic(Map.of(
                        "redis.url", "redis://:" + PLAIN + "@cache",
                        "redis.config-file", "/nonexistent"))));
        assertHidden(e.getMessage(), PLAIN, PLAIN);
    }

    @Test
    void validUrlNeverShowsThePassword() {
        for (String url : List.of("redis://:" + PLAIN + "@cache", "rediss://u:" + ENCODED + "@c/1",
                "redis://" + PLAIN + ":" + PLAIN + "@[::1]:7000")) {
            Settings settings = Settings.load(SettingSources.builder()
                    .environment(Map.of("PORTABLESESSION_REDIS_URL", url)::get));
            String password = settings.redisUrl().orElseThrow().password().orElseThrow();
            String username = settings.redisUrl().orElseThrow().username().orElse("");
            String shown = settings.describe() + settings + settings.redisUrl().orElseThrow()
                    + settings.redisUrl().orElseThrow().address();
            if (!password.equals(username)) {
                assertFalse(shown.contains(password), shown);
            }
            assertFalse(shown.contains(ENCODED), shown);
        }
    }

    @Test
    void otherErrorsDoNotEchoTheUrl() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Settings.load(SettingSources.builder().programmatic(Map.of(
                        "redis.url", "redis://:" + PLAIN + "@cache", "codec", "xml"))));
        assertHidden(e.getMessage(), PLAIN, PLAIN);
    }

    private static void assertHidden(String message, String url, String password) {
        for (String secret : List.of(PLAIN, ENCODED, DECODED, password)) {
            assertFalse(message.contains(secret), () -> url + " leaked into: " + message);
        }
    }

    @Test
    void aPasswordInASystemPropertyIsWarnedAboutWithoutShowingIt() {
        Settings fromProperty = Settings.load(SettingSources.builder().systemProperties(name ->
                name.equals(Setting.REDIS_URL.systemProperty()) ? "redis://app:" + PLAIN + "@cache:6379" : null));
        assertEquals(1, fromProperty.warnings().size(), fromProperty.warnings().toString());
        String warning = fromProperty.warnings().get(0);
        assertTrue(warning.contains("system property portablesession.redis.url")
                && warning.contains("redis.password-file"), warning);
        assertFalse(warning.contains(PLAIN), warning);
        Settings fromEnvironment = Settings.load(SettingSources.builder().environment(name ->
                name.equals(Setting.REDIS_URL.environmentVariable()) ? "redis://app:" + PLAIN + "@cache:6379" : null));
        assertEquals(List.of(), fromEnvironment.warnings(), "the environment is not logged");
    }
}
