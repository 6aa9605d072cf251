package dev.portablesession.internal.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.codec.Codecs;
import dev.portablesession.internal.codec.RecordingClassLoader;
import dev.portablesession.internal.codec.extension.FrozenMixIn;
import dev.portablesession.internal.codec.extension.Isbn;
import dev.portablesession.internal.codec.extension.IsbnModule;
import dev.portablesession.internal.codec.extension.TypedHolderMixIn;
import dev.portablesession.internal.codec.fixture.Frozen;
import dev.portablesession.internal.codec.fixture.Holder;
import dev.portablesession.internal.codec.gadget.GadgetProbe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A module and a mix-in of the test's own, through the codec: they make classes storable that
 * were not, leave the stored form's type ids as they were, and allow no class by themselves.
 */
class JacksonExtensionsRoundTripTest {

    private static final String EXTENSION_PACKAGE = "dev.portablesession.internal.codec.extension.*";

    private final RecordingClassLoader loader = new RecordingClassLoader();
    private final JacksonExtensions extensions = JacksonExtensions.NONE
            .withModuleClasses(List.of(IsbnModule.class.getName()), loader)
            .withMixIns(Map.of(Frozen.class.getName(), FrozenMixIn.class.getName()), loader);
    private final JsonAttributeCodec codec = codec(extensions);

    private JsonAttributeCodec codec(JacksonExtensions with) {
        List<String> allowed = new ArrayList<>(Codecs.ALLOWED);
        allowed.add(EXTENSION_PACKAGE);
        return new JsonAttributeCodec(allowed, loader, name -> false, with);
    }

    private String encoded(Object value) {
        return new String(codec.encode("a", value), StandardCharsets.UTF_8);
    }

    private Object decoded(String json) {
        return codec.decode("a", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aModulesSerializerKeepsTheCodecsTypeIds() {
        Isbn isbn = Isbn.parse("978-3-16-148410-0");

        assertEquals("[\"dev.portablesession.internal.codec.extension.Isbn\",\"9783161484100\"]", encoded(isbn));
        assertEquals(isbn, decoded(encoded(isbn)));
        List<Object> list = new ArrayList<>(List.of(isbn, 7L));
        assertEquals(list, decoded(encoded(list)));
        assertEquals(new Holder(isbn), decoded(encoded(new Holder(isbn))));
    }

    @Test
    void aMixInGivesAClassTheCreatorItLacks() {
        Frozen frozen = new Frozen("gold", 3);

        assertEquals("{\"@class\":\"dev.portablesession.internal.codec.fixture.Frozen\",\"code\":\"gold\",\"level\":3}",
                encoded(frozen));
        Frozen back = assertInstanceOf(Frozen.class, decoded(encoded(frozen)));
        assertEquals("gold", back.getCode());
        assertEquals(3, back.getLevel());
    }

    @Test
    void withoutThemTheseClassesAreRefusedAtSetAttribute() {
        JsonAttributeCodec plain = codec(JacksonExtensions.NONE);

        assertTrue(assertThrows(AttributeEncodingException.class, () -> plain.encode("a", new Frozen("gold", 3)))
                .getMessage().contains("no default constructor or creator for " + Frozen.class.getName()));
        assertThrows(AttributeEncodingException.class, () -> plain.encode("a", Isbn.parse("978-3-16-148410-0")));
    }

    @Test
    void aModuleDoesNotAllowTheClassesItWrites() {
        JsonAttributeCodec unlisted = new JsonAttributeCodec(Codecs.ALLOWED, loader, name -> false, extensions);

        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> unlisted.encode("isbn", Isbn.parse("978-3-16-148410-0")));
        assertTrue(e.getMessage().contains(Isbn.class.getName()) && e.getMessage().contains("codec.allow"), e.getMessage());
        assertThrows(AttributeDecodingException.class,
                () -> unlisted.decode("isbn", "[\"dev.portablesession.internal.codec.extension.Isbn\",\"1\"]"
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /** A mix-in's own @JsonTypeInfo(use = CLASS) is judged by the allow-list, before any class is loaded. */
    @Test
    void aMixInsClassTypeIdsAreHeldToTheAllowList() {
        JsonAttributeCodec typed = codec(JacksonExtensions.NONE.withMixIns(
                Map.of(Holder.class.getName(), TypedHolderMixIn.class.getName()), loader));
        GadgetProbe.EVENTS.clear();
        Holder holder = new Holder(new HashMap<>(Map.of("k", "v")));
        byte[] stored = typed.encode("a", holder);
        assertTrue(new String(stored, StandardCharsets.UTF_8).contains("\"value\":{\"type\":\"java.util.HashMap\""),
                new String(stored, StandardCharsets.UTF_8));
        assertEquals(holder, typed.decode("a", stored));

        for (String gadget : List.of("dev.portablesession.internal.codec.gadget.JsonGadget", "com.sun.rowset.JdbcRowSetImpl")) {
            String json = "{\"@class\":\"dev.portablesession.internal.codec.fixture.Holder\",\"value\":{\"type\":\""
                    + gadget + "\",\"command\":\"calc\"}}";
            AttributeDecodingException e = assertThrows(AttributeDecodingException.class,
                    () -> typed.decode("a", json.getBytes(StandardCharsets.UTF_8)), gadget);
            assertEquals("attribute \"a\" cannot be decoded from JSON: type " + gadget + " is not allowed or not found "
                    + "(at dev.portablesession.internal.codec.fixture.Holder.value)", e.getMessage());
            assertFalse(loader.requested.contains(gadget), "asked the class loader for " + gadget);
        }
        assertEquals(List.of(), GadgetProbe.EVENTS);
    }
}
