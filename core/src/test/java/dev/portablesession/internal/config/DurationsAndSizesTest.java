package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portablesession.InvalidSettingException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsAndSizesTest {

    private static Settings load(String key, String value) {
        return Settings.load(SettingSources.builder().initParams(Map.of(key, value)::get));
    }

    private static String rejection(String key, String value) {
        return assertThrows(InvalidSettingException.class, () -> load(key, value)).getMessage();
    }

    @ParameterizedTest
    @CsvSource({"1500, 1500", "1500ms, 1500", "2s, 2000", "2 s, 2000", "1m, 60000", "10m, 600000",
        "2S, 2000", "+250, 250"})
    void timeoutsTakeMillisecondsByDefault(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), load("redis.timeout", text).redisTimeout());
        assertEquals(Duration.ofMillis(millis),
                load("redis.connect-timeout", text).redisConnectTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "-1", "600001", "11m", "1h"})
    void timeoutsOutOfRangeAreRejected(String text) {
        assertEquals("invalid setting redis.timeout = \"" + text + "\" (from init-param "
                + "redis.timeout): expected a duration more than 0 and at most 10m",
                rejection("redis.timeout", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3 seconds", "1.5s", "PT3S", "s", "3d", "3ss", "9999999999999999999",
        "- 3"})
    void malformedDurationsAreRejected(String text) {
        assertEquals("invalid setting redis.connect-timeout = \"" + text + "\" (from init-param "
                + "redis.connect-timeout): expected a duration: a whole number of milliseconds, "
                + "or a whole number with unit ms, s, m or h (e.g. 1500ms, 30s, 30m)",
                rejection("redis.connect-timeout", text));
    }

    @ParameterizedTest
    @CsvSource({"1800, 1800", "30m, 1800", "2h, 7200", "45s, 45", "3000ms, 3", "0, 0", "-1, -1",
        "-5m, -300", "2147483647, 2147483647"})
    void maxInactiveIntervalTakesSecondsByDefault(String text, int seconds) {
        assertEquals(seconds, load("max-inactive-interval", text).maxInactiveIntervalSeconds());
    }

    @Test
    void maxInactiveIntervalMustBeWholeSeconds() {
        assertEquals("invalid setting max-inactive-interval = \"1500ms\" (from init-param "
                + "max-inactive-interval): expected a whole number of seconds",
                rejection("max-inactive-interval", "1500ms"));
    }

    @Test
    void maxInactiveIntervalMustFitAnInt() {
        assertEquals("invalid setting max-inactive-interval = \"2147483648\" (from init-param "
                + "max-inactive-interval): expected at most 2147483647 seconds",
                rejection("max-inactive-interval", "2147483648"));
        assertEquals("invalid setting max-inactive-interval = \"999999999999999999h\" (from "
                + "init-param max-inactive-interval): duration too large",
                rejection("max-inactive-interval", "999999999999999999h"));
    }

    @Test
    void neverExpiringSessionIsDescribedAsSuch() {
        assertEquals(true, load("max-inactive-interval", "0").describe()
                .contains("max-inactive-interval=0s (never expires)"));
    }

    @ParameterizedTest
    @CsvSource({"3600, 3600", "1h, 3600", "-1, -1", "-10, -10"})
    void cookieMaxAgeTakesSeconds(String text, int seconds) {
        assertEquals(seconds, load("cookie.max-age", text).cookieMaxAgeSeconds());
    }

    @Test
    void cookieMaxAgeZeroIsRejected() {
        assertEquals("invalid setting cookie.max-age = \"0\" (from init-param cookie.max-age): "
                + "0 would make the browser delete the cookie at once; expected a positive "
                + "duration, or a negative number for a browser-session cookie",
                rejection("cookie.max-age", "0"));
    }

    @ParameterizedTest
    @CsvSource({"1024, 1024", "1KB, 1024", "1kb, 1024", "1 KiB, 1024", "64KiB, 65536",
        "1MB, 1048576", "2MiB, 2097152", "512MB, 536870912", "536870912, 536870912"})
    void sizesAre1024Based(String text, int bytes) {
        assertEquals(bytes, load("attribute.max-size", text).attributeMaxSizeBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1023", "0", "0KB", "513MB", "536870913", "524289KiB",
        "99999999999999MB"})
    void sizesOutOfRangeAreRejected(String text) {
        assertEquals("invalid setting attribute.max-size = \"" + text + "\" (from init-param "
                + "attribute.max-size): expected a size from 1KiB to 512MiB",
                rejection("attribute.max-size", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1GB", "1.5MB", "-1", "1 M", "MB", "1KBB", "1 kilobyte"})
    void malformedSizesAreRejected(String text) {
        assertEquals("invalid setting attribute.max-size = \"" + text + "\" (from init-param "
                + "attribute.max-size): expected a size: a number of bytes, or a number with "
                + "unit KB, MB, KiB or MiB (1024-based; e.g. 512KB, 1MiB)",
                rejection("attribute.max-size", text));
    }

    @ParameterizedTest
    @CsvSource({"16KiB, 16384", "16 kb, 16384", "4096, 4096", "1MiB, 1048576"})
    void compressAboveIsASize(String text, int bytes) {
        assertEquals(OptionalInt.of(bytes), load("codec.compress-above", text).codecCompressAboveBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "OFF", " none "})
    void compressAboveCanBeOff(String text) {
        assertEquals(OptionalInt.empty(), load("codec.compress-above", text).codecCompressAboveBytes());
        assertEquals(OptionalInt.empty(), Settings.load(SettingSources.builder()).codecCompressAboveBytes(), "the default");
    }

    @Test
    void aThresholdNotBelowTheAttributeLimitIsWarnedAbout() {
        Settings settings = Settings.load(SettingSources.builder()
                .initParams(Map.of("codec.compress-above", "1MiB", "attribute.max-size", "512KiB")::get));
        assertEquals(List.of("codec.compress-above=1MiB is not below attribute.max-size=512KiB: no value is compressed; "
                + "lower codec.compress-above"), settings.warnings());
        assertEquals(List.of(), load("codec.compress-above", "16KiB").warnings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "100", "yes", "16 K", "1GB"})
    void compressAboveRejectsWhatIsNeitherOffNorASize(String text) {
        assertEquals("invalid setting codec.compress-above = \"" + text + "\" (from init-param "
                + "codec.compress-above): expected off, or a size: a number of bytes, or a number with unit KB, MB, "
                + "KiB or MiB (1024-based; e.g. 16KiB), from 1KiB to 512MiB",
                rejection("codec.compress-above", text));
    }

    @ParameterizedTest
    @CsvSource({"1500, 1500ms", "3000, 3s", "60000, 1m", "5400000, 90m", "7200000, 2h",
        "0, 0s", "-1000, -1s"})
    void durationsFormatInTheirShortestExactUnit(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
    }

    @ParameterizedTest
    @CsvSource({"1048576, 1MiB", "65536, 64KiB", "1500, 1500"})
    void sizesFormatInTheirShortestExactUnit(int bytes, String text) {
        assertEquals(text, Sizes.format(bytes));
    }
}
