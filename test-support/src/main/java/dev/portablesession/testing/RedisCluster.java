package dev.portablesession.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of six {@code redis-server} processes on free loopback ports, three masters and
 * three replicas, created with {@code redis-cli --cluster create ... --cluster-replicas 1}.
 *
 * <p>Needs {@code redis-server} and {@code redis-cli} on {@code PATH}; {@link #start()} fails
 * saying how to install them otherwise. {@link #close()} stops every process; a JVM shutdown
 * hook kills what is left.
 */
public final class RedisCluster implements AutoCloseable {

    private static final int NODES = 6;
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<SpawnedRedisServer> nodes;

    private RedisCluster(List<SpawnedRedisServer> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts six nodes, joins them into a cluster and returns once every node says
     * {@code cluster_state:ok} and every replica is in sync with its master.
     *
     * @throws IllegalStateException when {@code redis-server} or {@code redis-cli} is not on
     *     {@code PATH}, saying how to install them, or when the cluster does not form in time,
     *     with the output of {@code redis-cli}
     */
    public static RedisCluster start() {
        Path server = RedisTools.require("redis-server", "a Redis Cluster", System.getenv());
        Path cli = RedisTools.require("redis-cli", "a Redis Cluster", System.getenv());
        String origin = "redis-server on PATH (" + server + "), cluster node";
        List<SpawnedRedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                // Each node keeps its nodes.conf in its own directory.
                nodes.add(SpawnedRedisServer.spawn(server, origin, Map.of(
                        "cluster-enabled", "yes", "cluster-node-timeout", "2000")));
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.create(cli);
            for (SpawnedRedisServer node : nodes) {
                Await.until("node " + node.port() + " to say cluster_state:ok and know all " + NODES + " nodes",
                        READY_TIMEOUT, () -> {
                            String info = RespClient.text(node.client().command("CLUSTER", "INFO"));
                            return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + NODES);
                        });
                Await.until("replica " + node.port() + " to be in sync", READY_TIMEOUT, () -> {
                    String replication = node.client().info("replication");
                    return replication.contains("role:master") || replication.contains("master_link_status:up");
                });
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            nodes.forEach(SpawnedRedisServer::close);
            throw new IllegalStateException("the Redis Cluster did not start: " + e.getMessage(), e);
        }
    }

    /** All six nodes, masters and replicas. */
    public List<SpawnedRedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** The nodes that are masters now ({@code role:master}). */
    public List<SpawnedRedisServer> masters() {
        return nodes.stream().filter(node -> node.client().info("replication").contains("role:master")).toList();
    }

    /** {@code redis://127.0.0.1:<port>} of every node, for {@code nodeAddresses} in a Redisson file. */
    public List<String> nodeAddresses() {
        return nodes.stream().map(RedisServer::address).toList();
    }

    /** The hash slot of {@code key}, as Redis computes it ({@code CLUSTER KEYSLOT}). */
    public long keySlot(String key) {
        return (Long) nodes.get(0).client().command("CLUSTER", "KEYSLOT", key);
    }

    /** The keys matching a glob pattern on all masters together, sorted. */
    public List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        masters().forEach(master -> keys.addAll(master.client().keys(pattern)));
        keys.sort(null);
        return keys;
    }

    /** Deletes every key on every master ({@code FLUSHALL}); the replicas follow. */
    public void flushAll() {
        masters().forEach(RedisServer::flushAll);
    }

    /**
     * The error replies every node has sent since it started, by error code, summed over the nodes
     * ({@code INFO errorstats}): e.g. {@code {NOSCRIPT=3, CROSSSLOT=1}}.
     */
    public Map<String, Long> errorCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (SpawnedRedisServer node : nodes) {
            for (String line : node.client().info("errorstats").split("\r\n")) {
                if (line.startsWith("errorstat_")) {
                    String code = line.substring("errorstat_".length(), line.indexOf(':'));
                    long count = Long.parseLong(line.substring(line.indexOf("count=") + "count=".length()));
                    counts.merge(code, count, Long::sum);
                }
            }
        }
        return counts;
    }

    /** Stops every node and deletes its files. */
    @Override
    public void close() {
        nodes.forEach(SpawnedRedisServer::close);
    }

    @Override
    public String toString() {
        return "Redis Cluster on ports " + nodes.stream().map(RedisServer::port).toList();
    }

    private void create(Path cli) throws IOException {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        nodes.forEach(node -> command.add(node.host() + ":" + node.port()));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try {
            boolean exited = process.waitFor(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!exited || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command)
                        + (exited ? " exited with status " + process.exitValue()
                                : " did not finish within " + CREATE_TIMEOUT.toSeconds() + " s")
                        + "; its output:\n" + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster", e);
        }
    }
}
