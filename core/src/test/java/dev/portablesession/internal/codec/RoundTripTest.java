package dev.portablesession.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.portablesession.internal.codec.fixture.Color;
import dev.portablesession.internal.codec.fixture.DiscountedItem;
import dev.portablesession.internal.codec.fixture.Holder;
import dev.portablesession.internal.codec.fixture.Item;
import dev.portablesession.internal.codec.fixture.Point;
import dev.portablesession.internal.codec.jdk.JdkAttributeCodec;
import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in value type and the fixtures, through both codecs, at the top level and nested
 * in each kind of container: what comes back equals what went in and is of the same class.
 */
public class RoundTripTest {

    /** Values of the classes both codecs accept by default or through the fixture allow-list. */
    public static List<Object> values() {
        return List.of(
                "text with \"quotes\", unicode \u00e9\u4e2d and \n a newline", "",
                Boolean.TRUE, 'x', '\u00e9', (byte) -7, (short) 12_345, 42, Integer.MIN_VALUE,
                7L, Long.MAX_VALUE, 1.5f, Float.MAX_VALUE, 2.25d, -0.0d, Double.MIN_VALUE,
                new BigDecimal("1.50"), new BigDecimal("1E+3"), new BigDecimal("-123456789012345678901234567890.000001"),
                new BigInteger("123456789012345678901234567890"),
                UUID.fromString("0b8c5a0e-6f2b-4c1d-9a51-3a3f3c2b1d00"), URI.create("https://example.com/a?b=c#d"),
                Locale.CANADA_FRENCH, Locale.forLanguageTag("sr-Latn-RS"), Currency.getInstance("EUR"),
                new Date(1_700_000_123_456L),
                Instant.parse("2024-02-29T12:34:56.123456789Z"), Duration.ofSeconds(90061, 5), Period.of(1, 2, 3),
                LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 58, 1000), LocalDateTime.of(2024, 1, 2, 3, 4, 5),
                OffsetTime.of(10, 11, 12, 0, ZoneOffset.ofHours(-3)),
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHoursMinutes(5, 30)),
                ZonedDateTime.of(2024, 7, 1, 8, 0, 0, 0, ZoneId.of("Europe/Paris")),
                ZonedDateTime.of(2024, 7, 1, 8, 0, 0, 0, ZoneOffset.UTC),
                Year.of(2025), YearMonth.of(2025, 12), MonthDay.of(2, 29), ZoneId.of("America/New_York"),
                ZoneOffset.ofHours(2), DayOfWeek.SUNDAY, Month.MARCH,
                Color.RED, Color.GREEN,
                new Item("A-1", 2, new BigDecimal("9.90")),
                new DiscountedItem("B-2", 1, new BigDecimal("5.00"), 10),
                new Point(1, 2L, 3L), new Point(-1, null, Color.GREEN),
                new Holder(new Point(0, 0L, (short) 1)),
                new ArrayList<>(List.of(1L, (short) 2, 3, "four", 5.0f)),
                new LinkedList<>(List.of(Month.MAY, 'c')),
                new HashSet<>(Set.of(1L, 2L)), new LinkedHashSet<>(List.of("b", "a", (byte) 1)),
                new TreeSet<>(Set.of(3L, 1L, 2L)),
                new HashMap<>(Map.of("a", 1L, "b", (short) 2)), new LinkedHashMap<>(Map.of(1L, "one")),
                new TreeMap<>(Map.of(LocalDate.of(2024, 1, 1), 1.5f)), new HashMap<>(Map.of(Color.RED, 1L, 7, 'x')),
                new ArrayList<>(List.of(new ArrayList<>(List.of(1L)), new HashMap<>(Map.of("k", List.of())))));
    }

    /** Arrays: compared by content. */
    static List<Object> arrays() {
        return List.of(new byte[] {1, -2, 127}, new short[] {1, 2}, new int[] {1, 2, 3}, new long[] {4L},
                new float[] {1.5f}, new double[] {2.5}, new char[] {'a', 'b'}, new boolean[] {true, false},
                new String[] {"a", null}, new Object[] {1L, "x", null}, new Long[] {1L, 2L},
                new Item[] {new Item("A", 1, BigDecimal.ONE)}, new int[][] {{1}, {2, 3}}, new Color[] {Color.GREEN});
    }

    /** Ways to put one value somewhere inside another, and to get it out again. */
    private static final Map<String, Function<Object, Object>> WRAP = Map.of(
            "top level", v -> v,
            "in an ArrayList", v -> new ArrayList<>(Arrays.asList("before", v)),
            "as a HashMap value", v -> new HashMap<>(Map.of("key", v)),
            "in an Object field", Holder::new,
            "in an Object record component", v -> new Point(1, 2L, v));

    private static final Map<String, Function<Object, Object>> UNWRAP = Map.of(
            "top level", v -> v,
            "in an ArrayList", v -> ((List<?>) v).get(1),
            "as a HashMap value", v -> ((Map<?, ?>) v).get("key"),
            "in an Object field", v -> ((Holder) v).value,
            "in an Object record component", v -> ((Point) v).tag());

    static Stream<Arguments> valuesEverywhere() {
        return cases(values());
    }

    static Stream<Arguments> arraysEverywhere() {
        return cases(arrays());
    }

    private static Stream<Arguments> cases(List<Object> values) {
        return Stream.of(Codecs.JSON, Codecs.JDK).flatMap(codec -> WRAP.keySet().stream().sorted().flatMap(
                where -> values.stream().map(value -> Arguments.of(codec.getClass().getSimpleName(), where,
                        value.getClass().getName(), value))));
    }

    private static AttributeCodec codec(String name) {
        return name.equals("JsonAttributeCodec") ? Codecs.JSON : Codecs.JDK;
    }

    @ParameterizedTest(name = "{0} {1}: {2} {3}")
    @MethodSource("valuesEverywhere")
    void valueComesBackEqualAndOfTheSameClass(String codec, String where, String type, Object value) {
        Object back = UNWRAP.get(where).apply(Codecs.roundTrip(codec(codec), WRAP.get(where).apply(value)));

        assertEquals(value, back);
        assertSame(value.getClass(), back.getClass());
        assertElementClassesKept(value, back);
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("arraysEverywhere")
    void arrayComesBackWithTheSameContentAndClass(String codec, String where, String type, Object array) {
        Object back = UNWRAP.get(where).apply(Codecs.roundTrip(codec(codec), WRAP.get(where).apply(array)));

        assertSame(array.getClass(), back.getClass());
        assertNotSame(array, back);
        assertEquals(Arrays.deepToString(new Object[] {array}), Arrays.deepToString(new Object[] {back}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void arrayDequeKeepsItsElementsInOrder(String codec) {
        ArrayDeque<Object> deque = new ArrayDeque<>(List.of(3L, "two", 1));

        Object back = Codecs.roundTrip(codec(codec), deque);

        ArrayDeque<?> backDeque = assertInstanceOf(ArrayDeque.class, back);
        assertEquals(List.copyOf(deque), List.copyOf(backDeque));
        assertElementClassesKept(List.copyOf(deque), List.copyOf(backDeque));
    }

    static Stream<String> codecs() {
        return Stream.of("JsonAttributeCodec", "JdkAttributeCodec");
    }

    /** {@code equals} of collections cannot tell {@code 1L} from {@code 1}: compare classes too. */
    public static void assertElementClassesKept(Object expected, Object actual) {
        if (expected instanceof Map<?, ?> map) {
            Map<?, ?> actualMap = (Map<?, ?>) actual;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object actualKey = actualMap.keySet().stream().filter(entry.getKey()::equals).findFirst().orElseThrow();
                assertSame(entry.getKey().getClass(), actualKey.getClass(), "class of key " + entry.getKey());
                assertElementClassesKept(entry.getValue(), actualMap.get(actualKey));
            }
        } else if (expected instanceof Collection<?> collection) {
            List<?> expectedList = List.copyOf(collection);
            List<?> actualList = List.copyOf((Collection<?>) actual);
            for (int i = 0; i < expectedList.size(); i++) {
                assertSame(expectedList.get(i).getClass(), actualList.get(i).getClass(), "class of element " + i);
                assertElementClassesKept(expectedList.get(i), actualList.get(i));
            }
        }
    }
}
