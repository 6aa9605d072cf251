package dev.portablesession.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the redis-server a topology spawns, with made-up environments. */
class RedisToolsTest {

    @Test
    void withoutRedisServerOnPathTheEmbeddedBinaryIsUsed(@TempDir Path empty) throws Exception {
        RedisTools.Executable executable = RedisTools.redisServer("a Redis Cluster", Map.of("PATH", empty.toString()));
        assertEquals(RedisTools.EMBEDDED, executable.origin());
        assertEquals(RedisTools.embeddedRedisServer().path(), executable.path());
        assertTrue(Files.isExecutable(executable.path()), executable.path().toString());
    }

    @Test
    void withNeitherTheFailureSaysWhatWasTriedAndHowToInstallRedis(@TempDir Path empty) {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> RedisTools.redisServer("a Redis Cluster", Map.of("PATH", empty.toString()), () -> {
                    throw new RedisLocator.Unavailable("no binary for SunOS/sparc");
                }));
        assertTrue(missing.getMessage().startsWith("The tests of a Redis Cluster need redis-server, "
                + "which is not on PATH=" + empty + ", and the embedded Redis"), missing.getMessage());
        assertTrue(missing.getMessage().contains("no binary for SunOS/sparc"), missing.getMessage());
        assertTrue(missing.getMessage().contains("apt-get install redis-server"), missing.getMessage());
        assertTrue(missing.getMessage().contains("brew install redis"), missing.getMessage());
    }

    @Test
    void theFirstDirectoryOfThePathThatHasItWins(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        Path notExecutable = Files.writeString(first.resolve("redis-server"), "");
        Path executable = Files.writeString(second.resolve("redis-server"), "#!/bin/sh\n");
        assertTrue(executable.toFile().setExecutable(true));
        assertTrue(notExecutable.toFile().setExecutable(false));
        String path = first + java.io.File.pathSeparator + second;
        RedisTools.Executable found = RedisTools.redisServer("a Redis Cluster", Map.of("PATH", path), () -> {
            throw new AssertionError("the embedded binary is not needed");
        });
        assertEquals(executable, found.path());
        assertEquals("redis-server on PATH (" + executable + ")", found.origin());
    }
}
