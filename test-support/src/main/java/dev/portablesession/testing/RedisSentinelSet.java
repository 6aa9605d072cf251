package dev.portablesession.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Redis Sentinel set of {@code redis-server} processes on free loopback ports: one master, one
 * replica, and three sentinels ({@code redis-server <file> --sentinel}) watching them under
 * {@link #MASTER_NAME} with a quorum of two. Sentinels declare the master down after
 * {@link #DOWN_AFTER} without an answer, so a failover takes seconds, not the default minute.
 *
 * <p>Runs {@code redis-server} from {@code PATH}, else the embedded Redis 6.2 ({@link RedisTools});
 * {@link #start()} fails saying how to install Redis when neither is there. {@link #close()}
 * stops every process; a JVM shutdown hook kills what is left.
 */
public final class RedisSentinelSet implements AutoCloseable {

    /** The name the sentinels know the master by ({@code masterName} in a Redisson file). */
    public static final String MASTER_NAME = "mymaster";
    /** How long the master may not answer before a sentinel considers it down. */
    public static final Duration DOWN_AFTER = Duration.ofSeconds(1);

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int SENTINELS = 3;

    private final List<SpawnedRedisServer> dataServers;
    private final List<SpawnedRedisServer> sentinels;
    private final Path directory;

    private RedisSentinelSet(List<SpawnedRedisServer> dataServers, List<SpawnedRedisServer> sentinels, Path directory) {
        this.dataServers = dataServers;
        this.sentinels = sentinels;
        this.directory = directory;
    }

    /**
     * Starts the master, the replica and the sentinels, and returns once the replica is in sync
     * and every sentinel knows the replica and the two other sentinels.
     *
     * @throws IllegalStateException when there is no {@code redis-server} to run, saying how to
     *     install it, or when the set does not become ready within 30 s, with what it lacked
     */
    public static RedisSentinelSet start() {
        return start(DOWN_AFTER);
    }

    /**
     * As {@link #start()}, with {@code down-after-milliseconds} set to {@code downAfter}: how long
     * the master must be unreachable before the sentinels call it down and fail over.
     */
    public static RedisSentinelSet start(Duration downAfter) {
        RedisTools.Executable found = RedisTools.redisServer("a Redis Sentinel set", System.getenv());
        Path executable = found.path();
        String origin = found.origin();
        List<SpawnedRedisServer> dataServers = new ArrayList<>();
        List<SpawnedRedisServer> sentinels = new ArrayList<>();
        Path directory = null;
        try {
            directory = Files.createTempDirectory("portable-session-sentinel-");
            SpawnedRedisServer master = SpawnedRedisServer.spawn(executable, origin + ", master", Map.of());
            dataServers.add(master);
            // Host and port as two arguments: Redis 6.2 does not split a single "host port" one, as 7 does.
            SpawnedRedisServer replica = SpawnedRedisServer.spawn(executable, origin + ", replica",
                    List.of("--replicaof", master.host(), Integer.toString(master.port())), Map.of());
            dataServers.add(replica);
            Await.until("the replica in sync with the master", READY_TIMEOUT,
                    () -> replica.client().info("replication").contains("master_link_status:up"));
            for (int i = 1; i <= SENTINELS; i++) {
                // Each sentinel rewrites its own file with what it learns, so each gets one.
                Path file = directory.resolve("sentinel-" + i + ".conf");
                Files.writeString(file, """
                        sentinel monitor %1$s %2$s %3$d 2
                        sentinel down-after-milliseconds %1$s %4$d
                        sentinel failover-timeout %1$s 10000
                        sentinel parallel-syncs %1$s 1
                        """.formatted(MASTER_NAME, master.host(), master.port(), downAfter.toMillis()));
                sentinels.add(SpawnedRedisServer.spawn(executable, origin + ", sentinel " + i,
                        List.of(file.toString(), "--sentinel"), Map.of()));
            }
            for (SpawnedRedisServer sentinel : sentinels) {
                Await.until("sentinel " + sentinel.port() + " to know the replica and the other sentinels", READY_TIMEOUT, () -> {
                    Map<String, String> state = masterState(sentinel);
                    return "1".equals(state.get("num-slaves"))
                            && Integer.toString(SENTINELS - 1).equals(state.get("num-other-sentinels"));
                });
            }
            return new RedisSentinelSet(dataServers, sentinels, directory);
        } catch (IOException | RuntimeException e) {
            sentinels.forEach(SpawnedRedisServer::close);
            dataServers.forEach(SpawnedRedisServer::close);
            if (directory != null) {
                SpawnedRedisServer.deleteRecursively(directory);
            }
            throw new IllegalStateException("the Redis Sentinel set did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The data server the sentinels name as master now ({@code SENTINEL get-master-addr-by-name},
     * asked of the first sentinel that answers).
     *
     * @throws IllegalStateException if no sentinel answers or the address is none of ours
     */
    public SpawnedRedisServer master() {
        int port = masterPort();
        return dataServers.stream().filter(server -> server.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("the sentinels name port " + port + " as master"));
    }

    /** The data server that is not {@link #master()}: the replica, before and after a failover. */
    public SpawnedRedisServer replica() {
        int port = masterPort();
        return dataServers.stream().filter(server -> server.port() != port).findFirst().orElseThrow();
    }

    /** The three sentinels. */
    public List<SpawnedRedisServer> sentinels() {
        return List.copyOf(sentinels);
    }

    /** {@code redis://127.0.0.1:<port>} of each sentinel, for {@code sentinelAddresses} in a Redisson file. */
    public List<String> sentinelAddresses() {
        return sentinels.stream().map(RedisServer::address).toList();
    }

    /**
     * Waits until every sentinel that answers names a master other than {@code former}, and that
     * master says it is one ({@code role:master}); returns it.
     *
     * @throws IllegalStateException if that does not happen within {@code timeout}
     */
    public SpawnedRedisServer awaitFailoverFrom(SpawnedRedisServer former, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Integer> named = new ArrayList<>();
            for (SpawnedRedisServer sentinel : sentinels) {
                try {
                    named.add(masterPort(sentinel));
                } catch (RuntimeException e) {
                    // A sentinel that does not answer has no say.
                }
            }
            if (!named.isEmpty() && named.stream().allMatch(port -> port != former.port())
                    && named.stream().distinct().count() == 1) {
                SpawnedRedisServer promoted = master();
                try {
                    if (promoted.client().info("replication").contains("role:master")) {
                        return promoted;
                    }
                } catch (UncheckedIOException e) {
                    // Sentinels close the clients of the server they promote; the next call reconnects.
                }
            }
            Await.pause();
        }
        throw new IllegalStateException("no failover from port " + former.port() + " within " + timeout.toSeconds()
                + " s; sentinel 1 says: " + masterState(sentinels.get(0)));
    }

    /** Stops every process of the set and deletes its files. */
    @Override
    public void close() {
        sentinels.forEach(SpawnedRedisServer::close);
        dataServers.forEach(SpawnedRedisServer::close);
        SpawnedRedisServer.deleteRecursively(directory);
    }

    @Override
    public String toString() {
        return "Redis Sentinel set " + MASTER_NAME + " (data servers " + dataServers.stream().map(RedisServer::port).toList()
                + ", sentinels " + sentinels.stream().map(RedisServer::port).toList() + ")";
    }

    private int masterPort() {
        RuntimeException last = null;
        for (SpawnedRedisServer sentinel : sentinels) {
            try {
                return masterPort(sentinel);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no sentinel answers", last);
    }

    private static int masterPort(SpawnedRedisServer sentinel) {
        List<?> address = (List<?>) sentinel.client().command("SENTINEL", "get-master-addr-by-name", MASTER_NAME);
        return Integer.parseInt(RespClient.text(address.get(1)));
    }

    /** What a sentinel says of the master ({@code SENTINEL master}), field by field. */
    private static Map<String, String> masterState(SpawnedRedisServer sentinel) {
        List<?> reply = (List<?>) sentinel.client().command("SENTINEL", "master", MASTER_NAME);
        Map<String, String> state = new HashMap<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            state.put(RespClient.text(reply.get(i)), RespClient.text(reply.get(i + 1)));
        }
        return state;
    }
}
