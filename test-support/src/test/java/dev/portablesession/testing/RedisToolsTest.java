package dev.portablesession.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the executables a topology needs, with made-up environments. */
class RedisToolsTest {

    @Test
    void aMissingExecutableFailsSayingHowToInstallIt(@TempDir Path empty) {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> RedisTools.require("redis-cli", "a Redis Cluster", Map.of("PATH", empty.toString())));
        assertTrue(missing.getMessage().startsWith("The tests of a Redis Cluster need redis-cli, which is not on PATH="
                + empty), missing.getMessage());
        assertTrue(missing.getMessage().contains("apt-get install redis-server"), missing.getMessage());
        assertTrue(missing.getMessage().contains("brew install redis"), missing.getMessage());
    }

    @Test
    void theFirstDirectoryOfThePathThatHasItWins(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path second = Files.createDirectory(dir.resolve("second"));
        Path notExecutable = Files.writeString(first.resolve("redis-cli"), "");
        Path executable = Files.writeString(second.resolve("redis-cli"), "#!/bin/sh\n");
        assertTrue(executable.toFile().setExecutable(true));
        assertTrue(notExecutable.toFile().setExecutable(false));
        String path = first + java.io.File.pathSeparator + second;
        assertEquals(executable, RedisTools.require("redis-cli", "a Redis Cluster", Map.of("PATH", path)));
    }
}
