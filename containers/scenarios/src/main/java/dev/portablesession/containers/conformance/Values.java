package dev.portablesession.containers.conformance;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The attribute values of the conformance application, by the name a script gives them. */
public final class Values {

    /** Each kind of value, in the order the behaviours list them. */
    public static final Map<String, Supplier<Object>> KINDS = kinds();

    private Values() {
    }

    private static Map<String, Supplier<Object>> kinds() {
        Map<String, Supplier<Object>> kinds = new LinkedHashMap<>();
        kinds.put("String", () -> "text");
        kinds.put("empty-String", () -> "");
        kinds.put("non-ASCII-String", () -> "grüße ☃");
        kinds.put("Integer", () -> 42);
        kinds.put("Long", () -> 42L);
        kinds.put("Short", () -> (short) 42);
        kinds.put("Byte", () -> (byte) 42);
        kinds.put("Double", () -> 1.5d);
        kinds.put("Float", () -> 1.5f);
        kinds.put("Boolean", () -> Boolean.TRUE);
        kinds.put("Character", () -> 'c');
        kinds.put("BigInteger", () -> new BigInteger("123456789012345678901234567890"));
        kinds.put("BigDecimal", () -> new BigDecimal("1.50"));
        kinds.put("ArrayList", () -> new ArrayList<>(List.of("a", "b")));
        kinds.put("LinkedList", () -> new LinkedList<>(List.of("a", "b")));
        kinds.put("List.of", () -> List.of("a", "b"));
        kinds.put("empty-ArrayList", ArrayList::new);
        kinds.put("HashSet", () -> new HashSet<>(List.of("a")));
        kinds.put("TreeSet", () -> new TreeSet<>(List.of("b", "a")));
        kinds.put("HashMap", () -> new HashMap<>(Map.of("k", "v")));
        kinds.put("LinkedHashMap", () -> new LinkedHashMap<>(Map.of("k", "v")));
        kinds.put("TreeMap", () -> new TreeMap<>(Map.of("k", "v")));
        kinds.put("Map.of", () -> Map.of("k", "v"));
        kinds.put("nested-Map", () -> new HashMap<>(Map.of("list", new ArrayList<>(List.of(1, 2)))));
        kinds.put("Integer-in-List", () -> new ArrayList<>(List.of(7)));
        kinds.put("Long-in-List", () -> new ArrayList<>(List.of(7L)));
        kinds.put("byte[]", () -> new byte[] {1, 2});
        kinds.put("int[]", () -> new int[] {1, 2});
        kinds.put("String[]", () -> new String[] {"a", "b"});
        kinds.put("LocalDate", () -> LocalDate.of(2026, 12, 2));
        kinds.put("LocalDateTime", () -> LocalDateTime.of(2026, 12, 2, 1, 2, 3));
        kinds.put("Instant", () -> Instant.ofEpochSecond(1_800_000_000L));
        kinds.put("Duration", () -> Duration.ofMinutes(5));
        kinds.put("UUID", () -> new UUID(1, 2));
        kinds.put("URI", () -> URI.create("https://example.com/a"));
        kinds.put("enum", () -> TimeUnit.SECONDS);
        kinds.put("Bound", () -> new Bound("v1"));
        kinds.put("Active", () -> new Active("v1"));
        kinds.put("not-Serializable", Opaque::new);
        return kinds;
    }

    /** A value that is neither Serializable nor a JavaBean. */
    static final class Opaque {
        @Override
        public String toString() {
            return "opaque";
        }
    }

    /** A value of {@code kind}; {@code Bound:label} and {@code Active:label} make that label. */
    static Object make(String kind) {
        if (kind.startsWith("Bound:")) {
            return new Bound(kind.substring("Bound:".length()));
        }
        if (kind.startsWith("Active:")) {
            return new Active(kind.substring("Active:".length()));
        }
        if (kind.equals("null")) {
            return null;
        }
        Supplier<Object> value = KINDS.get(kind);
        if (value == null) {
            throw new IllegalArgumentException("no value kind " + kind);
        }
        return value.get();
    }

    /** The value's class and contents, the same for equal values of one class. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String contents;
        if (value instanceof byte[] bytes) {
            contents = Arrays.toString(bytes);
        } else if (value instanceof int[] ints) {
            contents = Arrays.toString(ints);
        } else if (value instanceof Object[] objects) {
            contents = Arrays.toString(objects);
        } else if (value instanceof List<?> list) {
            contents = list + " of " + elementClasses(list);
        } else if (value instanceof Map<?, ?> map) {
            contents = map + " of " + elementClasses(map.values());
        } else {
            contents = value.toString();
        }
        return value.getClass().getName().replace("java.util.", "").replace("java.lang.", "") + ":" + contents;
    }

    private static List<String> elementClasses(java.util.Collection<?> values) {
        return values.stream().map(v -> v == null ? "null" : v.getClass().getSimpleName()).toList();
    }
}
