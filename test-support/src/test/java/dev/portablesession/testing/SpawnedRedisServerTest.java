package dev.portablesession.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SpawnedRedisServerTest {

    @Test
    void aPrivateServerStopsAndRestartsOnTheSamePort() {
        try (SpawnedRedisServer redis = RedisExtension.startPrivate()) {
            int port = redis.port();
            redis.client().command("SET", "before-outage", "1");

            redis.stop();
            assertFalse(redis.isRunning());
            assertThrows(IOException.class, () -> new Socket(redis.host(), port).close());
            assertThrows(UncheckedIOException.class, () -> redis.client().command("PING"));

            redis.start();
            assertTrue(redis.isRunning());
            assertEquals(port, redis.port());
            assertEquals("PONG", redis.client().command("PING"));
            assertFalse(redis.client().exists("before-outage"), "no persistence: data does not survive a restart");
        }
    }

    @Test
    void closeKillsTheProcessAndFreesThePort() {
        SpawnedRedisServer redis = RedisExtension.startPrivate();
        assertTrue(redis.log().contains("Ready to accept connections"), redis.log());

        redis.close();

        assertFalse(redis.isRunning());
        assertThrows(IOException.class, () -> new Socket(redis.host(), redis.port()).close());
    }

    @Test
    void aPasswordProtectedServerRejectsUnauthenticatedCommands() {
        String password = "s3cret pass@word";
        try (SpawnedRedisServer redis = RedisExtension.startPrivate(Map.of("requirepass", password));
                RespClient anonymous = new RespClient(redis.host(), redis.port())) {
            RespClient.ErrorReply rejected = assertThrows(RespClient.ErrorReply.class,
                    () -> anonymous.command("SET", "key", "value"));
            assertTrue(rejected.getMessage().startsWith("NOAUTH"), rejected.getMessage());

            assertEquals(password, redis.password());
            assertEquals("OK", redis.client().command("SET", "key", "value"));
            assertEquals("redis://:s3cret%20pass%40word@127.0.0.1:" + redis.port(), redis.uri());
            assertFalse(redis.toString().contains(password));
        }
    }

    @Test
    void theUriOfAPasswordProtectedServerLogsIn() {
        try (SpawnedRedisServer redis = RedisExtension.startPrivate(Map.of("requirepass", "p@ss:word"));
                ExternalRedisServer viaUri = ExternalRedisServer.connect(redis.uri())) {
            assertEquals("p@ss:word", viaUri.password());
            assertEquals("PONG", viaUri.client().command("PING"));
        }
    }
}
