package dev.portablesession.internal.codec.jdk;

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
import dev.portablesession.internal.codec.RecordingClassLoader;
import dev.portablesession.internal.codec.fixture.Fragile;
import dev.portablesession.internal.codec.fixture.Holder;
import dev.portablesession.internal.codec.fixture.Item;
import dev.portablesession.internal.codec.fixture.NotSerializableHolder;
import dev.portablesession.internal.codec.fixture.PlainBean;
import dev.portablesession.internal.codec.fixture.SerializableHandler;
import dev.portablesession.internal.codec.gadget.GadgetProbe;
import dev.portablesession.internal.codec.gadget.SerialGadget;
import dev.portablesession.internal.codec.gadget.Unlisted;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JdkAttributeCodecTest {

    private final RecordingClassLoader loader = new RecordingClassLoader();
    private final JdkAttributeCodec codec = new JdkAttributeCodec(Codecs.ALLOWED, loader);

    @BeforeEach
    void clearProbe() {
        GadgetProbe.EVENTS.clear();
    }

    /** Serializes without any of the codec's checks, the way an attacker would. */
    private static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    // --- encoding failures ---

    @Test
    void nonSerializableValueFailsWithTheFix() {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> codec.encode("bean", new PlainBean()));

        assertEquals("attribute \"bean\" (dev.portablesession.internal.codec.fixture.PlainBean) cannot be encoded with Java "
                + "serialization: dev.portablesession.internal.codec.fixture.PlainBean is not Serializable; implement "
                + "java.io.Serializable or use codec=json", e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e);
    }

    @Test
    void nonSerializableFieldFailsNamingItsType() {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> codec.encode("holder", new NotSerializableHolder(new PlainBean())));

        assertEquals("attribute \"holder\" (dev.portablesession.internal.codec.fixture.NotSerializableHolder) cannot be "
                + "encoded with Java serialization: a field's type dev.portablesession.internal.codec.fixture.PlainBean is not "
                + "Serializable; implement java.io.Serializable or use codec=json", e.getMessage());
    }

    @Test
    void classOutsideTheAllowListFailsWithTheFix() {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> codec.encode("list", new ArrayList<>(List.of("s3cret", new Unlisted()))));

        assertEquals("attribute \"list\" (java.util.ArrayList) cannot be encoded with Java serialization: type "
                + "dev.portablesession.internal.codec.gadget.Unlisted is not in the allow-list; add "
                + "\"dev.portablesession.internal.codec.gadget.*\" to the setting codec.allow, or use codec=json", e.getMessage());
    }

    @Test
    void serializableJdkClassOutsideTheAllowListFailsWithoutSuggestingToAllowIt() throws Exception {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> codec.encode("link", new Holder(new URL("file:/s3cret"))));

        assertEquals("attribute \"link\" (dev.portablesession.internal.codec.fixture.Holder) cannot be encoded with Java "
                + "serialization: type java.net.URL is not in the allow-list; store a supported type instead "
                + "(see docs/codecs.md)", e.getMessage());
    }

    @Test
    void dynamicProxyFailsAtEncoding() {
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Comparable.class},
                new SerializableHandler());

        AttributeEncodingException e = assertThrows(AttributeEncodingException.class, () -> codec.encode("p", proxy));

        assertTrue(e.getMessage().contains("(a dynamic proxy) is not in the allow-list"), e.getMessage());
    }

    @Test
    void failingWriteObjectIsReportedWithItsException() {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> codec.encode("f", new Fragile(true)));

        assertEquals("attribute \"f\" (dev.portablesession.internal.codec.fixture.Fragile) cannot be encoded with Java "
                + "serialization: java.lang.IllegalStateException from its serialization code", e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    // --- what comes back ---

    @Test
    void jdkCollectionsComeBackAsTheirOwnClasses() {
        for (Object value : List.of(List.of(1L, 2L), Set.of("a"), Map.of("k", 1L), Collections.unmodifiableList(
                new ArrayList<>(List.of(1L))), Collections.emptyMap(), Collections.singletonList('c'), Arrays.asList(1, 2),
                Collections.unmodifiableSortedSet(new java.util.TreeSet<>(Set.of(2L, 1L))),
                new TreeMap<>(Collections.reverseOrder()), new TreeMap<>(String.CASE_INSENSITIVE_ORDER))) {
            Object back = Codecs.roundTrip(codec, value);

            assertEquals(value, back);
            assertSame(value.getClass(), back.getClass());
        }
    }

    @Test
    void sharedAndCyclicReferencesSurvive() {
        Item shared = new Item("A", 1, BigDecimal.ONE);
        Holder holder = new Holder();
        holder.value = new ArrayList<>(List.of(shared, shared, holder));

        Holder back = (Holder) Codecs.roundTrip(codec, holder);

        List<?> list = (List<?>) back.value;
        assertSame(list.get(0), list.get(1));
        assertSame(back, list.get(2));
    }

    // --- decoding failures ---

    static Stream<Arguments> gadgets() throws Exception {
        return Stream.of(
                Arguments.of("dev.portablesession.internal.codec.gadget.SerialGadget", new SerialGadget()),
                Arguments.of("dev.portablesession.internal.codec.gadget.SerialGadget", new ArrayList<>(List.of("x", new SerialGadget()))),
                Arguments.of("dev.portablesession.internal.codec.gadget.SerialGadget", new Holder(new SerialGadget())),
                Arguments.of("dev.portablesession.internal.codec.gadget.SerialGadget", new HashMap<>(Map.of(new SerialGadget(), 1))),
                Arguments.of("[Ldev.portablesession.internal.codec.gadget.SerialGadget;", new SerialGadget[] {new SerialGadget()}),
                Arguments.of("javax.management.BadAttributeValueExpException", new BadAttributeValueExpException("x")),
                Arguments.of("java.net.URL", new HashSet<>(Set.of(new URL("file:/x")))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("gadgets")
    void classOutsideTheAllowListIsNeverLoadedNorRead(String gadget, Object payload) {
        byte[] stream = serialize(payload);
        GadgetProbe.EVENTS.clear();

        AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> codec.decode("cart", stream));

        assertEquals("attribute \"cart\" cannot be decoded with Java serialization: type " + gadget
                + " is not in the allow-list", e.getMessage());
        assertEquals(List.of(), GadgetProbe.EVENTS, "the gadget's readObject ran");
        assertFalse(loader.requested.contains(gadget), "asked the class loader for " + gadget);
    }

    @Test
    void dynamicProxyIsRefusedAtDecoding() {
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Comparable.class},
                new SerializableHandler());
        byte[] stream = serialize(new ArrayList<>(List.of(proxy)));

        AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> codec.decode("p", stream));

        assertEquals("attribute \"p\" cannot be decoded with Java serialization: type (dynamic proxy of "
                + "java.lang.Comparable) is never allowed", e.getMessage());
    }

    @Test
    void arrayLongerThanTheStreamCouldHoldIsRefusedBeforeAllocation() {
        byte[] stream = serialize(new byte[16]);
        // A byte[] ends with its length (4 bytes) and its content: claim two billion elements.
        int lengthAt = stream.length - 16 - 4;
        stream[lengthAt] = 0x7f;
        stream[lengthAt + 1] = (byte) 0xff;

        AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> codec.decode("a", stream));

        assertTrue(e.getMessage().startsWith("attribute \"a\" cannot be decoded with Java serialization: the stream "
                + "claims more elements than its size allows"), e.getMessage());
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        Object shallow = nestedLists(JdkAttributeCodec.MAX_DEPTH - 10);
        Object deep = nestedLists(JdkAttributeCodec.MAX_DEPTH + 10);

        assertEquals(shallow, Codecs.roundTrip(codec, shallow));
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class,
                () -> codec.decode("deep", codec.encode("deep", deep)));
        assertEquals("attribute \"deep\" cannot be decoded with Java serialization: objects nest deeper than "
                + JdkAttributeCodec.MAX_DEPTH + " levels", e.getMessage());
    }

    private static Object nestedLists(int depth) {
        Object value = "bottom";
        for (int i = 0; i < depth; i++) {
            value = new ArrayList<>(List.of(value));
        }
        return value;
    }

    @Test
    void incompatiblyChangedClassFailsNamingIt() {
        byte[] stream = serialize(new Item("A", 1, BigDecimal.ONE));
        // The class descriptor's name is followed by its serialVersionUID; change that.
        byte[] name = Item.class.getName().getBytes(StandardCharsets.UTF_8);
        int uidAt = indexOf(stream, name) + name.length;
        stream[uidAt] ^= 0x55;

        AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> codec.decode("item", stream));

        assertTrue(e.getMessage().startsWith("attribute \"item\" cannot be decoded with Java serialization: type "
                + "dev.portablesession.internal.codec.fixture.Item changed incompatibly ("), e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void corruptBytesFail() {
        byte[] valid = codec.encode("a", new Item("A", 1, BigDecimal.ONE));
        for (byte[] corrupt : List.of(new byte[0], "not serialized".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(valid, valid.length / 2), Arrays.copyOf(valid, 4))) {
            AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> codec.decode("a", corrupt));

            assertEquals("attribute \"a\" cannot be decoded with Java serialization: the stored bytes are not a valid "
                    + "serialization stream", e.getMessage());
            assertNull(e.getCause());
        }
    }

    @Test
    void failingReadObjectIsReportedWithItsException() {
        byte[] stream = serialize(new Fragile(false));

        AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> codec.decode("f", stream));

        assertEquals("attribute \"f\" cannot be decoded with Java serialization: java.lang.IllegalStateException from "
                + "the serialization code of a stored class", e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void storedNullIsRefused() {
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class,
                () -> codec.decode("n", serialize(null)));

        assertEquals("attribute \"n\" cannot be decoded with Java serialization: the stored value is null", e.getMessage());
    }
}
