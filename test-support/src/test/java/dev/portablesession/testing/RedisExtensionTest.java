package dev.portablesession.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisExtensionTest {

    private static RedisServer fromBeforeAll;
    private final RedisServer fromConstructor;

    RedisExtensionTest(RedisServer redis) {
        this.fromConstructor = redis;
    }

    @BeforeAll
    static void remember(RedisServer redis) {
        fromBeforeAll = redis;
    }

    @Test
    void everyInjectionPointGetsTheOneSharedServer(RedisServer redis) {
        assertSame(fromBeforeAll, redis);
        assertSame(fromConstructor, redis);
        assertSame(redis, new RedisExtension().server());
    }

    @Test
    void theServerIsARealRedis(RedisServer redis) {
        RespClient client = redis.client();
        assertEquals("PONG", client.command("PING"));
        assertEquals("OK", client.command("SET", "extension-test", "value"));
        assertArrayEquals("value".getBytes(StandardCharsets.UTF_8), (byte[]) client.command("GET", "extension-test"));
        assertTrue(client.info("server").contains("redis_version:"));
    }

    @Test
    void flushAllEmptiesTheServer(RedisServer redis) {
        redis.client().command("SET", "to-be-flushed", "1");
        redis.flushAll();
        assertEquals(0L, redis.client().command("DBSIZE"));
    }

    @Test
    void uriAndAddressNameTheServer(RedisServer redis) {
        assertTrue(redis.address().equals("redis://" + redis.host() + ":" + redis.port()), redis.address());
        assertTrue(redis.uri().startsWith("redis://"));
        assertTrue(redis.uri().contains(redis.host() + ":" + redis.port()));
    }
}
