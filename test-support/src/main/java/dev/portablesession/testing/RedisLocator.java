package dev.portablesession.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a Redis for the tests, trying sources in order: {@code REDIS_URL}, {@code redis-server}
 * on {@code PATH}, the embedded binary of {@code com.github.codemonstur:embedded-redis} (both
 * found by {@link RedisTools}), then Testcontainers. When none works, the failure says what was
 * tried and how to provide one.
 *
 * <p>The environment is a parameter, not read here, so tests can check the order with a made-up
 * environment.
 */
final class RedisLocator {

    static final String HOW_TO = """
            No Redis server for the tests. Provide one of:
              - REDIS_URL=redis://host:port (an existing server; the tests flush it)
              - redis-server on PATH (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)
              - the embedded Redis of com.github.codemonstur:embedded-redis, which must be able to run \
            here (Linux, macOS or Windows on x86-64 or arm64; on Linux it needs libssl 3)
              - a Docker engine, for Testcontainers to run\s""" + ContainerRedisServer.IMAGE + "\n";

    private static final String EMBEDDED = RedisTools.EMBEDDED;

    /**
     * One way of getting a Redis.
     *
     * @param name for the failure message, e.g. {@code "REDIS_URL"}
     */
    record Source(String name, Starter starter) {
    }

    /** Starts a server, or throws {@link Unavailable} to let the next source try. */
    @FunctionalInterface
    interface Starter {
        ManagedRedisServer start() throws Unavailable;
    }

    /** This source cannot provide Redis here; the message says why. */
    static final class Unavailable extends Exception {

        Unavailable(String reason) {
            super(reason);
        }
    }

    private final List<Source> sources;

    RedisLocator(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /** The sources of the shared server, in order, for an environment like {@link System#getenv()}. */
    static RedisLocator forSharedServer(Map<String, String> env) {
        return new RedisLocator(List.of(
                new Source("REDIS_URL", () -> redisUrl(env)),
                new Source("redis-server on PATH", () -> spawnFromPath(env, Map.of())),
                new Source(EMBEDDED, () -> spawnEmbedded(Map.of())),
                new Source("Testcontainers (Docker)", ContainerRedisServer::start)));
    }

    /**
     * The sources of a private server, which the test may stop and restart: only those that spawn
     * a process, so {@link #locate()} returns a {@link SpawnedRedisServer}; {@code REDIS_URL} is ignored.
     *
     * @param config extra settings, e.g. {@code requirepass}
     */
    static RedisLocator forPrivateServer(Map<String, String> env, Map<String, String> config) {
        return new RedisLocator(List.of(
                new Source("redis-server on PATH", () -> spawnFromPath(env, config)),
                new Source(EMBEDDED, () -> spawnEmbedded(config))));
    }

    /**
     * Starts the first source that works.
     *
     * @throws IllegalStateException listing each source and why it failed, with {@link #HOW_TO};
     *     or at once if {@code REDIS_URL} is set but unusable, since the user asked for that server
     */
    ManagedRedisServer locate() {
        List<String> tried = new ArrayList<>();
        for (Source source : sources) {
            try {
                return source.starter().start();
            } catch (Unavailable e) {
                tried.add("  - " + source.name() + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException(HOW_TO + "What was tried:\n" + String.join("\n", tried));
    }

    private static ManagedRedisServer redisUrl(Map<String, String> env) throws Unavailable {
        String url = env.get("REDIS_URL");
        if (url == null || url.isBlank()) {
            throw new Unavailable("not set");
        }
        return ExternalRedisServer.connect(url.strip());
    }

    private static ManagedRedisServer spawnFromPath(Map<String, String> env, Map<String, String> config)
            throws Unavailable {
        Optional<RedisTools.Executable> executable = RedisTools.redisServerOnPath(env);
        if (executable.isPresent()) {
            return spawn(executable.get(), config);
        }
        throw new Unavailable("not found in PATH=" + env.getOrDefault("PATH", ""));
    }

    private static ManagedRedisServer spawnEmbedded(Map<String, String> config) throws Unavailable {
        return spawn(RedisTools.embeddedRedisServer(), config);
    }

    private static SpawnedRedisServer spawn(RedisTools.Executable executable, Map<String, String> config)
            throws Unavailable {
        try {
            return SpawnedRedisServer.spawn(executable.path(), executable.origin(), config);
        } catch (IOException e) {
            throw new Unavailable(e.getMessage());
        }
    }
}
