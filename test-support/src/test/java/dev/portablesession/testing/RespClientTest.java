package dev.portablesession.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs against a private server, so that command statistics are this test's alone. */
class RespClientTest {

    private static SpawnedRedisServer redis;
    private static RespClient client;

    @BeforeAll
    static void startRedis() {
        redis = RedisExtension.startPrivate();
        client = redis.client();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void flush() {
        client.flushAll();
    }

    @Test
    void repliesBecomeJavaValues() {
        assertEquals("OK", client.command("SET", "text", "héllo"));
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), (byte[]) client.command("GET", "text"));
        assertEquals("héllo", RespClient.text(client.command("GET", "text")));
        assertEquals(1L, client.command("DEL", "text"));
        assertNull(client.command("GET", "text"));
        client.command("RPUSH", "list", "a", "b");
        assertEquals(List.of("a", "b"), ((List<?>) client.command("LRANGE", "list", "0", "-1"))
                .stream().map(RespClient::text).toList());
    }

    @Test
    void errorRepliesAreThrownAloneAndReturnedInAPipeline() {
        RespClient.ErrorReply error = assertThrows(RespClient.ErrorReply.class,
                () -> client.command("NO-SUCH-COMMAND"));
        assertTrue(error.getMessage().startsWith("ERR"), error.getMessage());

        List<Object> replies = client.pipeline(List.of(
                List.of("SET", "a", "1"), List.of("NO-SUCH-COMMAND"), List.of("INCR", "a")));
        assertEquals("OK", replies.get(0));
        assertInstanceOf(RespClient.ErrorReply.class, replies.get(1));
        assertEquals(2L, replies.get(2));
    }

    @Test
    void binaryValuesSurviveTheRoundTrip() {
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        client.command("SET".getBytes(StandardCharsets.UTF_8), "binary".getBytes(StandardCharsets.UTF_8), everyByte);
        assertArrayEquals(everyByte, (byte[]) client.command("GET", "binary"));
    }

    @Test
    void helpersReadHashesExpiryAndKeys() {
        client.command("HSET", "session:1", "a", "1", "b", "2");
        Map<String, byte[]> hash = client.hgetall("session:1");
        assertEquals(List.of("a", "b"), List.copyOf(hash.keySet()));
        assertArrayEquals("2".getBytes(StandardCharsets.UTF_8), hash.get("b"));
        assertTrue(client.hgetall("missing").isEmpty());

        assertEquals(-1L, client.ttlMillis("session:1"));
        client.command("PEXPIRE", "session:1", "60000");
        long ttl = client.ttlMillis("session:1");
        assertTrue(ttl > 50_000 && ttl <= 60_000, "ttl " + ttl);
        assertEquals(-2L, client.ttlMillis("missing"));

        assertTrue(client.exists("session:1"));
        assertFalse(client.exists("missing"));
        client.command("SET", "session:0", "x");
        client.command("SET", "other", "x");
        assertEquals(List.of("session:0", "session:1"), client.keys("session:*"));
    }

    @Test
    void commandStatsCountCallsByUpperCaseName() {
        client.command("CONFIG", "RESETSTAT");
        for (int i = 0; i < 3; i++) {
            client.command("SET", "k", Integer.toString(i));
        }
        client.command("GET", "k");

        Map<String, Long> stats = client.commandStats();

        assertEquals(3L, stats.get("SET"));
        assertEquals(1L, stats.get("GET"));
        assertTrue(client.info("server").contains("redis_version:"));
    }

    @Test
    void authenticatesAndSelectsTheDatabase() {
        try (SpawnedRedisServer secured = RedisExtension.startPrivate(Map.of("requirepass", "pw"));
                RespClient database2 = new RespClient(secured.host(), secured.port(), null, "pw", 2);
                RespClient wrongPassword = new RespClient(secured.host(), secured.port(), null, "wrong", 0)) {
            database2.command("SET", "where", "db2");
            assertFalse(secured.client().exists("where"), "database 0 must not see it");
            assertTrue(database2.exists("where"));
            RespClient.ErrorReply rejected = assertThrows(RespClient.ErrorReply.class,
                    () -> wrongPassword.command("PING"));
            assertTrue(rejected.getMessage().startsWith("WRONGPASS"), rejected.getMessage());
        }
    }
}
