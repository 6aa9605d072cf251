package dev.portablesession.internal.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.codec.fixture.Color;
import java.math.BigDecimal;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the one table behind both questions, so the codecs' allow-list and change detection cannot
 * drift apart again (they once did: {@code Currency} was built in but not known to be immutable).
 */
class BuiltInTypesTest {

    static List<Object> immutableBuiltIns() {
        return List.of("s", 1, 2L, 'c', true, 1.5, new BigDecimal("1.50"),
                UUID.randomUUID(), Locale.FRANCE, Currency.getInstance("CHF"), URI.create("https://example.com/"),
                Instant.EPOCH, LocalDate.EPOCH, ZonedDateTime.now(ZoneId.of("Europe/Paris")), ZoneId.of("Europe/Paris"),
                DayOfWeek.MONDAY);
    }

    static List<Object> mutableBuiltIns() {
        return List.of(new Date(), new ArrayList<>(), new HashMap<>());
    }

    @ParameterizedTest
    @MethodSource("immutableBuiltIns")
    void immutableBuiltInsNeedNoSecondEncodingAndNoConfiguration(Object value) {
        assertTrue(BuiltInTypes.isImmutable(value), value.getClass().getName());
        assertTrue(BuiltInTypes.FOR_JDK.contains(value.getClass().getName()), value.getClass().getName());
    }

    @ParameterizedTest
    @MethodSource("mutableBuiltIns")
    void mutableBuiltInsAreCheckedForChanges(Object value) {
        assertFalse(BuiltInTypes.isImmutable(value), value.getClass().getName());
        assertTrue(BuiltInTypes.FOR_JSON.contains(value.getClass().getName()), value.getClass().getName());
    }

    @ParameterizedTest
    @MethodSource("immutableBuiltIns")
    void theJsonCodecNamesEveryImmutableValueByAPublicBuiltIn(Object value) {
        Class<?> named = value instanceof ZoneId ? ZoneId.class : value.getClass();
        assertTrue(BuiltInTypes.FOR_JSON.contains(named.getName()), named.getName());
    }

    static List<Object> others() {
        return List.of(new BigDecimal("1") { }, new StringBuilder("s"), new Object(), List.of(1));
    }

    @ParameterizedTest
    @MethodSource("others")
    void subclassesAndUnknownClassesMayChange(Object value) {
        assertFalse(BuiltInTypes.isImmutable(value), value.getClass().getName());
    }

    @Test
    void enumConstantsAreImmutableWithoutBeingBuiltIn() {
        assertTrue(BuiltInTypes.isImmutable(Color.GREEN));
        assertFalse(BuiltInTypes.FOR_JSON.contains(Color.class.getName()));
    }
}
