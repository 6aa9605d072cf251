package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.RespClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * codec.compress-above on two servers sharing one Redis, one with compression on and one with it
 * off, as during a rolling change: each reads what the other wrote, a value changed in place is
 * written as the server that changes it says; with encryption too. A decompression bomb and a cut or damaged
 * compressed value written straight into Redis read as absent, and the session works.
 */
@ExtendWith(RedisExtension.class)
class CompressionIT {

    private static final String NAMESPACE = "it-compress";
    private static final byte COMPRESSED = 0x02;

    private static RedisSessionFilter.Builder builder(RedisServer redis) {
        return RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(NAMESPACE)
                .attributeDecodeFailure(DecodeFailurePolicy.DROP);
    }

    @Test
    void aServerWithCompressionOffReadsWhatOneWithItOnWroteAndTheOtherWayRound(RedisServer redis) {
        try (JettyNode on = JettyNode.start("on", builder(redis).codecCompressAbove(16 * 1024).build());
                JettyNode off = JettyNode.start("off", builder(redis).build());
                RespClient raw = RespClient.connectTo(redis)) {
            Browser onA = new Browser(on.root());
            Browser onB = onA.at(off.root());
            assertEquals("ok", onA.get("/s?op=big&name=text&value=40000").body());
            String key = RedisSessionStore.key(NAMESPACE, onA.cookie());
            assertEquals(COMPRESSED, stored(raw, key, "text")[0], "written compressed");
            assertTrue(stored(raw, key, "text").length < 1000, "40 KB of x compress well");
            assertEquals("x".repeat(40000), onB.get("/s?op=get&name=text").body(), "read with compression off");

            assertEquals("ok", onB.get("/s?op=big&name=text2&value=40000").body());
            assertEquals('"', stored(raw, key, "text2")[0], "written as JSON with compression off");
            assertEquals("x".repeat(40000), onA.get("/s?op=get&name=text2").body(), "read with compression on");

            // A list that grows in place past the threshold, changed on either server in turn.
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String line = "line-" + i + "-" + "y".repeat(3000);
                lines.add(line);
                assertEquals(lines.toString(), onA.get("/s?op=append&name=lines&value=" + line).body());
            }
            assertEquals(COMPRESSED, stored(raw, key, "lines")[0], "18 KB: compressed by the server with it on");
            lines.add("line-6");
            assertEquals(lines.toString(), onB.get("/s?op=append&name=lines&value=line-6").body());
            assertEquals('[', stored(raw, key, "lines")[0], "changed where it is off: written uncompressed");
            byte[] before = stored(raw, key, "lines");
            assertEquals(lines.toString(), onA.get("/s?op=get&name=lines").body());
            assertTrue(Arrays.equals(before, stored(raw, key, "lines")), "read but unchanged: not rewritten");
            lines.add("line-7");
            assertEquals(lines.toString(), onA.get("/s?op=append&name=lines&value=line-7").body());
            assertEquals(COMPRESSED, stored(raw, key, "lines")[0], "changed where it is on: compressed again");
            assertEquals(lines.toString(), onB.get("/s?op=get&name=lines").body());
        }
    }

    @Test
    void withEncryptionCompressedValuesAreEncryptedAndReadWithCompressionOff(RedisServer redis, @TempDir Path dir)
            throws IOException {
        Path keys = dir.resolve("session-keys");
        Files.write(keys, List.of("k1=" + Base64.getEncoder().encodeToString(new byte[32])));
        try (JettyNode on = JettyNode.start("on", builder(redis).encryptionKeyFile(keys).codecCompressAbove(16 * 1024).build());
                JettyNode off = JettyNode.start("off", builder(redis).encryptionKeyFile(keys).build());
                RespClient raw = RespClient.connectTo(redis)) {
            Browser onA = new Browser(on.root());
            Browser onB = onA.at(off.root());
            assertEquals("ok", onA.get("/s?op=big&name=text&value=40000").body());
            byte[] stored = stored(raw, RedisSessionStore.key(NAMESPACE, onA.cookie()), "text");
            assertEquals(0x01, stored[0], "encrypted");
            assertTrue(stored.length < 1000, "compressed before it was encrypted: " + stored.length);
            assertEquals("x".repeat(40000), onB.get("/s?op=get&name=text").body());
            assertEquals("ok", onB.get("/s?op=big&name=text&value=30000").body());
            assertTrue(stored(raw, RedisSessionStore.key(NAMESPACE, onA.cookie()), "text").length > 30000,
                    "written uncompressed where compression is off");
            assertEquals("x".repeat(30000), onA.get("/s?op=get&name=text").body());
        }
    }

    @Test
    void aBombOrACutOrDamagedValueWrittenIntoRedisReadsAsAbsentAndTheSessionWorks(RedisServer redis) {
        try (JettyNode on = JettyNode.start("on", builder(redis).codecCompressAbove(16 * 1024).build());
                JettyNode off = JettyNode.start("off", builder(redis).build());
                RespClient raw = RespClient.connectTo(redis)) {
            Browser browser = new Browser(on.root(), off.root());
            assertEquals("ok", browser.get("/s?op=set&name=user&value=alice").body());
            assertEquals("ok", browser.at(on.root()).get("/s?op=big&name=text&value=40000").body());
            String key = RedisSessionStore.key(NAMESPACE, browser.cookie());
            byte[] good = stored(raw, key, "text");
            assertEquals(COMPRESSED, good[0]);

            Map<String, byte[]> payloads = new LinkedHashMap<>();
            // 2 GiB of zeros in about 2 MB, stating 1000 bytes: inflating it would exhaust the heap.
            byte[] bomb = zerosCompressed(2048);
            payloads.put("bomb", bomb);
            byte[] stated = bomb.clone();
            ByteBuffer.wrap(stated, 2, 4).putInt(Integer.MAX_VALUE);
            payloads.put("bomb-stated", stated);
            payloads.put("cut", Arrays.copyOf(good, good.length / 2));
            byte[] damaged = good.clone();
            damaged[good.length / 2] ^= 0x5A;
            payloads.put("damaged", damaged);
            for (Map.Entry<String, byte[]> payload : payloads.entrySet()) {
                raw.command(utf8("HSET"), utf8(key), utf8("a:" + payload.getKey()), payload.getValue());
            }

            for (int round = 0; round < 2; round++) {
                for (String name : payloads.keySet()) {
                    Browser.Response read = browser.get("/s?op=get&name=" + name);
                    assertEquals(200, read.status(), name);
                    assertEquals("null", read.body(), name);
                }
            }
            assertEquals("alice", browser.get("/s?op=get&name=user").body());
            assertEquals("x".repeat(40000), browser.get("/s?op=get&name=text").body());
            assertEquals("ok", browser.get("/s?op=set&name=user&value=bob").body());
            assertEquals("bob", browser.get("/s?op=get&name=user").body());
            Map<String, byte[]> after = raw.hgetall(key);
            for (Map.Entry<String, byte[]> payload : payloads.entrySet()) {
                assertTrue(Arrays.equals(payload.getValue(), after.get("a:" + payload.getKey())),
                        "drop leaves the stored value alone: " + payload.getKey());
            }
        }
    }

    private static byte[] stored(RespClient raw, String key, String attribute) {
        return raw.hgetall(key).get("a:" + attribute);
    }

    /** {@code mebibytes} MiB of zeros in the compressed format, stating 1000 bytes. */
    private static byte[] zerosCompressed(int mebibytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(COMPRESSED);
        out.write(0x01);
        out.writeBytes(ByteBuffer.allocate(4).putInt(1000).array());
        Deflater deflater = new Deflater(9);
        byte[] zeros = new byte[1024 * 1024];
        byte[] buffer = new byte[64 * 1024];
        for (int i = 0; i < mebibytes; i++) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
