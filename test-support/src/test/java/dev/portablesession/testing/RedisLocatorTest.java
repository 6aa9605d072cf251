package dev.portablesession.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of the sources, checked with made-up environments. */
class RedisLocatorTest {

    @Test
    void withoutRedisUrlOrRedisServerOnPathTheEmbeddedBinaryIsSpawned() {
        try (ManagedRedisServer redis = RedisLocator.forSharedServer(Map.of("PATH", "")).locate()) {
            assertTrue(redis.origin().startsWith("embedded Redis"), redis.origin());
            assertTrue(redis.client().info("server").contains("redis_version:"));
        }
    }

    @Test
    void redisServerOnPathComesBeforeTheEmbeddedBinary(@TempDir Path bin) throws Exception {
        // A script running the embedded binary, on a PATH of its own, stands in for an installed redis-server.
        Path redisServer = Files.writeString(bin.resolve("redis-server"),
                "#!/bin/sh\nexec '" + RedisTools.embeddedRedisServer().path() + "' \"$@\"\n");
        assertTrue(redisServer.toFile().setExecutable(true));
        try (ManagedRedisServer redis = RedisLocator.forSharedServer(Map.of("PATH", bin.toString())).locate()) {
            assertEquals("redis-server on PATH (" + redisServer + ")", redis.origin());
            assertEquals("PONG", redis.client().command("PING"));
        }
    }

    @Test
    void redisUrlComesFirstAndIsUsedAsIs() {
        try (SpawnedRedisServer external = RedisExtension.startPrivate(Map.of("requirepass", "url-secret"))) {
            String url = RedisUri.of(external.host(), external.port(), null, "url-secret", 3);
            try (ManagedRedisServer redis = RedisLocator.forSharedServer(
                    Map.of("REDIS_URL", url, "PATH", System.getenv("PATH"))).locate();
                    RespClient database3 = new RespClient(external.host(), external.port(), null, "url-secret", 3)) {
                assertEquals("REDIS_URL=redis://:***@127.0.0.1:" + external.port() + "/3", redis.origin());
                assertEquals(url, redis.uri());
                assertEquals(3, redis.database());

                redis.client().command("SET", "in-database-3", "1");
                assertTrue(database3.exists("in-database-3"));
                assertFalse(external.client().exists("in-database-3"));
            }
        }
    }

    @Test
    void anUnreachableRedisUrlFailsInsteadOfFallingBackAndHidesThePassword() throws IOException {
        int closedPort = closedPort();
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> RedisLocator.forSharedServer(Map.of(
                        "REDIS_URL", "redis://:hidden-secret@127.0.0.1:" + closedPort,
                        "PATH", System.getenv("PATH"))).locate());
        assertTrue(failure.getMessage().startsWith(
                "REDIS_URL=redis://:***@127.0.0.1:" + closedPort + " does not answer PING"), failure.getMessage());
        assertFalse(failure.getMessage().contains("hidden-secret"));
    }

    @Test
    void aMalformedRedisUrlIsRejectedWithoutShowingIt() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> RedisLocator.forSharedServer(Map.of("REDIS_URL", "localhost:6379 secret")).locate());
        assertTrue(failure.getMessage().startsWith("REDIS_URL must look like redis://"), failure.getMessage());
        assertFalse(failure.getMessage().contains("secret@"));
    }

    @Test
    void whenNoSourceWorksTheFailureSaysWhatWasTriedAndHowToProvideRedis() {
        RedisLocator nothingWorks = new RedisLocator(List.of(
                new RedisLocator.Source("first", () -> {
                    throw new RedisLocator.Unavailable("not set");
                }),
                new RedisLocator.Source("second", () -> {
                    throw new RedisLocator.Unavailable("not found");
                })));

        IllegalStateException failure = assertThrows(IllegalStateException.class, nothingWorks::locate);

        assertEquals(RedisLocator.HOW_TO + "What was tried:\n  - first: not set\n  - second: not found",
                failure.getMessage());
        assertTrue(failure.getMessage().contains("REDIS_URL=redis://host:port"));
        assertTrue(failure.getMessage().contains("apt-get install redis-server"));
        assertTrue(failure.getMessage().contains("brew install redis"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
