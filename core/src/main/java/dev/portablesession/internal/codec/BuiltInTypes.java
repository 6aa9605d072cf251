package dev.portablesession.internal.codec;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one table of JDK classes the library knows by name, asked two questions: may a codec store
 * a class without configuration ({@link #FOR_JSON}, {@link #FOR_JDK}), and can a value not
 * change after {@code setAttribute}, so saving it needs no second encoding to look for in-place
 * changes ({@link #isImmutable}).
 *
 * <p>The codecs accept plain values, the standard collections and {@code java.time}. None of them
 * runs application code or touches the outside world while being rebuilt, which is what makes
 * them safe to accept from stored data.
 */
public final class BuiltInTypes {

    /** Immutable values of {@code java.lang}, {@code java.math}, {@code java.net} and {@code java.util}. */
    static final Set<String> VALUES = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Character",
            "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
            "java.lang.Float", "java.lang.Double",
            "java.math.BigDecimal", "java.math.BigInteger",
            "java.util.UUID", "java.util.Locale", "java.util.Currency",
            "java.net.URI");

    /** Values that can change in place. */
    static final Set<String> MUTABLE_VALUES = Set.of("java.util.Date");

    /** The public, mutable collection and map classes of {@code java.util}. */
    static final Set<String> COLLECTIONS = Set.of(
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap");

    /** The value types of {@code java.time}, all immutable. */
    static final Set<String> TIME = Set.of(
            "java.time.Instant", "java.time.Duration", "java.time.Period",
            "java.time.LocalDate", "java.time.LocalTime", "java.time.LocalDateTime",
            "java.time.OffsetTime", "java.time.OffsetDateTime", "java.time.ZonedDateTime",
            "java.time.Year", "java.time.YearMonth", "java.time.MonthDay",
            "java.time.ZoneId", "java.time.ZoneOffset", "java.time.DayOfWeek", "java.time.Month");

    /**
     * The hidden classes of values above: {@code ZoneId.of("Europe/Paris")} is a
     * {@code ZoneRegion}. Immutable like their public type; Java serialization names them, JSON
     * names the public type.
     */
    static final Set<String> VALUE_IMPLEMENTATIONS = Set.of("java.time.ZoneRegion");

    /**
     * Classes that appear in Java serialization streams of the types above, or that the stream
     * filter is asked about while reading them: serializable superclasses, the serial proxies of
     * {@code java.time} and {@code List.of} and what they resolve to, the entry table a
     * {@code HashMap} sizes, the wrappers behind {@code Collections.unmodifiable*},
     * {@code empty*}, {@code singleton*} and {@code Arrays.asList}, and the JDK's own comparators
     * a {@code TreeMap} may hold.
     */
    static final Set<String> SERIALIZATION_HELPERS = Set.of(
            "java.lang.Number", "java.lang.Enum", "java.lang.String$CaseInsensitiveComparator",
            "java.time.Ser", "java.util.Map$Entry",
            "java.util.CollSer", "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
            "java.util.ImmutableCollections$Set12", "java.util.ImmutableCollections$SetN",
            "java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN",
            "java.util.Arrays$ArrayList",
            "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableSet",
            "java.util.Collections$UnmodifiableSortedSet", "java.util.Collections$UnmodifiableNavigableSet",
            "java.util.Collections$UnmodifiableNavigableSet$EmptyNavigableSet",
            "java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableSortedMap",
            "java.util.Collections$UnmodifiableNavigableMap",
            "java.util.Collections$UnmodifiableNavigableMap$EmptyNavigableMap",
            "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
            "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
            "java.util.Collections$SingletonMap",
            "java.util.Collections$ReverseComparator", "java.util.Collections$ReverseComparator2",
            "java.util.Comparators$NaturalOrderComparator");

    /**
     * The JDK's basic exception types and what a serialized exception holds, for the JDK codec:
     * frameworks keep exceptions in the session (Spring Security's authentication failure), and
     * Java serialization writes every superclass of an exception down to {@code Throwable}. Their
     * {@code readObject} restores only a message, a cause, a stack trace and suppressed
     * exceptions, each checked against the allow-list in turn. Other JDK exceptions stay refused
     * ({@code javax.management.BadAttributeValueExpException} is a known gadget).
     */
    static final Set<String> EXCEPTIONS = Set.of(
            "java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException", "java.lang.Error",
            "java.lang.IllegalArgumentException", "java.lang.IllegalStateException",
            "java.lang.UnsupportedOperationException", "java.lang.NullPointerException",
            "java.lang.IndexOutOfBoundsException", "java.lang.ArithmeticException", "java.lang.SecurityException",
            "java.lang.StackTraceElement");

    /** What the JSON codec accepts by name. */
    public static final Set<String> FOR_JSON = union(List.of(VALUES, MUTABLE_VALUES, COLLECTIONS, TIME));

    /** What the Java serialization codec accepts by name. */
    public static final Set<String> FOR_JDK = union(List.of(VALUES, MUTABLE_VALUES, COLLECTIONS, TIME,
            VALUE_IMPLEMENTATIONS, SERIALIZATION_HELPERS, EXCEPTIONS));

    private static final Set<String> IMMUTABLE = union(List.of(VALUES, TIME, VALUE_IMPLEMENTATIONS));

    private BuiltInTypes() {
    }

    /**
     * @param value an attribute value
     * @return whether the value cannot change in place: its exact class is an immutable built-in
     *     (a subclass, of {@code BigDecimal} say, may add mutable state), or it is an enum constant
     */
    public static boolean isImmutable(Object value) {
        return IMMUTABLE.contains(value.getClass().getName()) || value instanceof Enum<?>;
    }

    private static Set<String> union(List<Set<String>> sets) {
        return sets.stream().flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }
}
