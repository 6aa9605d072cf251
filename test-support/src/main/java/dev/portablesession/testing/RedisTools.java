package dev.portablesession.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import redis.embedded.core.ExecutableProvider;

/**
 * The one place that finds a {@code redis-server} executable for the tests to spawn:
 * {@code redis-server} on {@code PATH} when there is one, else the embedded binary of
 * {@code com.github.codemonstur:embedded-redis} (Redis 6.2 on Linux and macOS), extracted once
 * per JVM. Single servers ({@link RedisLocator}), Sentinel sets and clusters all use it; the
 * embedded binary runs as a sentinel ({@code --sentinel}) and as a cluster node too, and
 * clusters are created over RESP, so no other executable ({@code redis-cli}) is needed.
 *
 * <p>The environment is a parameter, not read here, so tests can use a made-up {@code PATH}.
 */
final class RedisTools {

    static final String SERVER = "redis-server";
    static final String EMBEDDED = "embedded Redis (com.github.codemonstur:embedded-redis)";

    static final String HOW_TO_INSTALL = "install Redis so that redis-server is on PATH "
            + "(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis); "
            + "REDIS_URL and Testcontainers give the tests a single server only, not a Sentinel set or a cluster";

    /** Where the embedded binary was extracted, once per JVM; {@code null} until first needed. */
    private static Path embedded;

    /** An executable to spawn, and where it came from, for messages. */
    record Executable(Path path, String origin) {
    }

    /** The embedded binary, or why there is none here. */
    @FunctionalInterface
    interface Embedded {
        Executable get() throws RedisLocator.Unavailable;
    }

    private RedisTools() {
    }

    /**
     * {@code redis-server} on the {@code PATH} of {@code env}, else the embedded binary.
     *
     * @param topology what needs it, for the message: {@code "a Redis Sentinel set"}
     * @throws IllegalStateException saying what was tried and how to install Redis, when neither is
     *     there (no {@code redis-server} on {@code PATH}, and no embedded binary for this OS or
     *     architecture, or it cannot be extracted)
     */
    static Executable redisServer(String topology, Map<String, String> env) {
        return redisServer(topology, env, RedisTools::embeddedRedisServer);
    }

    /** Like {@link #redisServer(String, Map)}, with another embedded binary: for tests. */
    static Executable redisServer(String topology, Map<String, String> env, Embedded embedded) {
        Optional<Executable> onPath = redisServerOnPath(env);
        if (onPath.isPresent()) {
            return onPath.get();
        }
        try {
            return embedded.get();
        } catch (RedisLocator.Unavailable e) {
            throw new IllegalStateException("The tests of " + topology + " need " + SERVER
                    + ", which is not on PATH=" + env.getOrDefault("PATH", "") + ", and the " + EMBEDDED
                    + " cannot be used: " + e.getMessage() + "; " + HOW_TO_INSTALL, e);
        }
    }

    /** {@code redis-server} on the {@code PATH} of {@code env}, if there is one. */
    static Optional<Executable> redisServerOnPath(Map<String, String> env) {
        return onPath(SERVER, env.getOrDefault("PATH", ""))
                .map(path -> new Executable(path, SERVER + " on PATH (" + path + ")"));
    }

    /** Extracts the embedded binary for this OS and architecture into a directory of this JVM. */
    static synchronized Executable embeddedRedisServer() throws RedisLocator.Unavailable {
        if (embedded == null) {
            try {
                // A directory per JVM: two test JVMs must not overwrite a binary the other runs.
                Path directory = Files.createTempDirectory("portable-session-embedded-redis-");
                Runtime.getRuntime().addShutdownHook(new Thread(
                        () -> SpawnedRedisServer.deleteRecursively(directory), "embedded-redis-cleanup"));
                embedded = ExecutableProvider.newJarResourceProvider(directory.toFile()).get().toPath();
            } catch (IOException | RuntimeException e) {
                throw new RedisLocator.Unavailable("cannot extract the binary for " + System.getProperty("os.name")
                        + "/" + System.getProperty("os.arch") + ": " + e);
            }
        }
        return new Executable(embedded, EMBEDDED);
    }

    /** {@code name} (or {@code name.exe}) in the first directory of {@code path} that has it. */
    static Optional<Path> onPath(String name, String path) {
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            for (String candidateName : List.of(name, name + ".exe")) {
                Path candidate = Path.of(directory, candidateName);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
