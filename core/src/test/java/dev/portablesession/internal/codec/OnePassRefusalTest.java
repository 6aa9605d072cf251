package dev.portablesession.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.internal.codec.fixture.Frozen;
import dev.portablesession.internal.codec.fixture.Holder;
import dev.portablesession.internal.codec.fixture.PlainBean;
import dev.portablesession.internal.codec.fixture.Point;
import dev.portablesession.internal.codec.gadget.Unlisted;
import dev.portablesession.internal.codec.jdk.JdkAttributeCodec;
import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A refusal names every class of the value's graph that needs allowing (or a creator, or
 * Serializable), so a new user finds the whole allow-list in one restart, not one per class.
 */
class OnePassRefusalTest {

    private static final String FIXTURE = "dev.portablesession.internal.codec.fixture.";
    private static final String GADGET = "dev.portablesession.internal.codec.gadget.";

    /** A graph of three unlisted application classes in two packages, one of them nested twice. */
    private static Object graph() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("point", new Point(1, 2L, new Unlisted()));
        map.put("holder", new Holder(new Holder("x")));
        return new ArrayList<>(List.of("plain", map, new Unlisted()));
    }

    @Test
    void jsonNamesEveryUnlistedClassAndOneEntryPerPackage() {
        JsonAttributeCodec codec = new JsonAttributeCodec(List.of(), getClass().getClassLoader());
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class, () -> codec.encode("cart", graph()));
        assertEquals("attribute \"cart\" (java.util.ArrayList) cannot be encoded as JSON: types " + FIXTURE + "Point, "
                + GADGET + "Unlisted and " + FIXTURE + "Holder are not in the allow-list; add \"" + FIXTURE + "*\" and \""
                + GADGET + "*\" to the setting codec.allow, or set codec=jdk", e.getMessage());

        JsonAttributeCodec fixed = new JsonAttributeCodec(List.of(FIXTURE + "*", GADGET + "*"), getClass().getClassLoader());
        assertEquals(3, ((List<?>) fixed.decode("cart", fixed.encode("cart", graph()))).size(), "the advice, followed, is enough");
    }

    @Test
    void jsonNamesUnlistedClassesAndClassesWithoutACreatorTogether() {
        JsonAttributeCodec codec = new JsonAttributeCodec(List.of(FIXTURE + "Holder", FIXTURE + "Frozen"),
                getClass().getClassLoader());
        Object value = new ArrayList<>(List.of(new Holder(new Frozen("a", 1)), new Unlisted(), new AtomicInteger(1)));
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class, () -> codec.encode("mix", value));
        String message = e.getMessage();
        assertTrue(message.startsWith("attribute \"mix\" (java.util.ArrayList) cannot be encoded as JSON: types "
                + GADGET + "Unlisted and java.util.concurrent.atomic.AtomicInteger are not in the allow-list; add \"" + GADGET
                + "*\" to the setting codec.allow; and store a supported type instead of "
                + "java.util.concurrent.atomic.AtomicInteger (see docs/codecs.md); also "), message);
        assertTrue(message.contains(FIXTURE + "Frozen"), message);
        assertTrue(message.endsWith("; annotate a creator (@JsonCreator), register its library's Jackson module "
                + "(codec.jackson-modules) or a mix-in (codec.jackson-mixins), or set codec=jdk"), message);
    }

    @Test
    void jsonKeepsTheSingleClassMessageWhenThereIsOne() {
        JsonAttributeCodec codec = new JsonAttributeCodec(List.of(), getClass().getClassLoader());
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> codec.encode("u", new ArrayList<>(List.of(new Unlisted(), new Unlisted()))));
        assertEquals("attribute \"u\" (java.util.ArrayList) cannot be encoded as JSON: type " + GADGET + "Unlisted is not in "
                + "the allow-list; add \"" + GADGET + "*\" to the setting codec.allow, or set codec=jdk", e.getMessage());
    }

    @Test
    void jdkNamesEveryUnlistedClass() {
        JdkAttributeCodec codec = new JdkAttributeCodec(List.of(), getClass().getClassLoader());
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class, () -> codec.encode("cart", graph()));
        assertEquals("attribute \"cart\" (java.util.ArrayList) cannot be encoded with Java serialization: types "
                + FIXTURE + "Point, " + GADGET + "Unlisted and " + FIXTURE + "Holder are not in the allow-list; add \""
                + FIXTURE + "*\" and \"" + GADGET + "*\" to the setting codec.allow, or use codec=json", e.getMessage());

        JdkAttributeCodec fixed = new JdkAttributeCodec(List.of(FIXTURE + "*", GADGET + "*"), getClass().getClassLoader());
        assertEquals(3, ((List<?>) fixed.decode("cart", fixed.encode("cart", graph()))).size(), "the advice, followed, is enough");
    }

    @Test
    void jdkNamesEveryClassThatIsNotSerializableAndTheUnlistedOnesToo() {
        JdkAttributeCodec codec = new JdkAttributeCodec(List.of(FIXTURE + "Holder"), getClass().getClassLoader());
        Object value = new ArrayList<>(List.of(new Holder(new PlainBean()), new Thread(() -> { }), new Unlisted()));
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class, () -> codec.encode("mix", value));
        assertEquals("attribute \"mix\" (java.util.ArrayList) cannot be encoded with Java serialization: the types "
                + FIXTURE + "PlainBean and java.lang.Thread are not Serializable; implement java.io.Serializable or use "
                + "codec=json; also type " + GADGET + "Unlisted is not in the allow-list; add \"" + GADGET + "*\" to the "
                + "setting codec.allow", e.getMessage());
    }
}
