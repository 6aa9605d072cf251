package dev.portablesession.internal.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantDeserializerTest {

    private static final long YEAR_0000 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Test
    void readsWhatInstantToStringWritesAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(YEAR_0000, YEAR_10000);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = Instant.ofEpochSecond(seconds, nanos).toString();
            assertEquals(Instant.parse(text), InstantDeserializer.parseUtc(text), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T23:59:59Z", "2024-05-01T09:30:00.5Z", "2024-05-01T09:30:00.12Z",
        "2024-05-01T09:30:00.1234Z", "2024-05-01T09:30:00.12345Z", "2024-05-01T09:30:00.1234567Z",
        "2024-05-01T09:30:00.12345678Z", "2024-05-01T09:30:00.000000001Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"})
    void fractionsOfAnyLengthAsInstantParse(String text) {
        assertEquals(Instant.parse(text), InstantDeserializer.parseUtc(text), text);
    }

    @Test
    void anythingElseIsLeftToJackson() {
        for (String text : List.of("2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z",
                "2024-00-01T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z",
                "2024-01-01T00:00:60Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z",
                "2024-01-01T00:00:00+01:00", "2024-01-01T00:00:00", "2024-01-01 00:00:00Z", "2024-1-01T00:00:00Z",
                "2024-01-01t00:00:00Z", "2024-01-01T00:00:00z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
                "2024-01-01T00:00:0xZ", "2024-01-01T00:00:00,5Z", "", "now")) {
            assertNull(InstantDeserializer.parseUtc(text), text);
        }
    }
}
