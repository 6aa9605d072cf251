package dev.portablesession.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Redis Cluster of six {@code redis-server} processes on free loopback ports, three masters and
 * three replicas, created over RESP as {@code redis-cli --cluster create ... --cluster-replicas 1}
 * would: each master gets a third of the slots ({@code CLUSTER ADDSLOTS}), the nodes meet
 * ({@code CLUSTER MEET}), and each replica follows its master ({@code CLUSTER REPLICATE}).
 * Nothing but {@code redis-server} runs, and these commands are in Redis 6.2 as in 7.
 *
 * <p>Runs {@code redis-server} from {@code PATH}, else the embedded Redis 6.2 ({@link RedisTools});
 * {@link #start()} fails saying how to install Redis when neither is there. {@link #close()}
 * stops every process; a JVM shutdown hook kills what is left.
 */
public final class RedisCluster implements AutoCloseable {

    private static final int MASTERS = 3;
    private static final int NODES = 2 * MASTERS;
    private static final int SLOTS = 16384;
    /** Slots per {@code CLUSTER ADDSLOTS}: a few commands, none of them huge. */
    private static final int SLOTS_PER_COMMAND = 1000;
    /** A node's cluster bus listens on its port plus this (Redis 6.2 has no {@code cluster-port}). */
    private static final int BUS_PORT_OFFSET = 10000;
    private static final int PORT_ATTEMPTS = 100;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<SpawnedRedisServer> nodes;

    private RedisCluster(List<SpawnedRedisServer> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts six nodes, joins them into a cluster and returns once every node has the same view
     * of it (three masters with all slots between them, three replicas, one per master), says
     * {@code cluster_state:ok}, and every replica is in sync with its master.
     *
     * @throws IllegalStateException when there is no {@code redis-server} to run, saying how to
     *     install it, or when the cluster does not form in time, saying what it lacked
     */
    public static RedisCluster start() {
        return start(Duration.ofSeconds(2));
    }

    /**
     * As {@link #start()}, with {@code cluster-node-timeout} set to {@code nodeTimeout}: how long a
     * master must be unreachable before its replica takes over (Redis's default is 15 s).
     */
    public static RedisCluster start(Duration nodeTimeout) {
        RedisTools.Executable found = RedisTools.redisServer("a Redis Cluster", System.getenv());
        Path server = found.path();
        String origin = found.origin() + ", cluster node";
        List<SpawnedRedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                // Each node keeps its nodes.conf in its own directory.
                nodes.add(SpawnedRedisServer.spawn(server, origin, List.of(), Map.of(
                        "cluster-enabled", "yes", "cluster-node-timeout", Long.toString(nodeTimeout.toMillis())), RedisCluster::freeNodePort));
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.create();
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

    /** The running nodes that are masters now ({@code role:master}). */
    public List<SpawnedRedisServer> masters() {
        return nodes.stream().filter(SpawnedRedisServer::isRunning)
                .filter(node -> node.client().info("replication").contains("role:master")).toList();
    }

    /**
     * Waits until the cluster has failed over from {@code former} (killed or paused): three
     * running masters other than it, and every running node but it says {@code cluster_state:ok}.
     * Returns those masters.
     *
     * @throws IllegalStateException if that does not happen within {@code timeout}
     */
    public List<SpawnedRedisServer> awaitFailoverFrom(SpawnedRedisServer former, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                List<SpawnedRedisServer> others = nodes.stream().filter(node -> node != former && node.isRunning()).toList();
                List<SpawnedRedisServer> masters = others.stream()
                        .filter(node -> node.client().info("replication").contains("role:master")).toList();
                boolean ok = others.stream().allMatch(node ->
                        RespClient.text(node.client().command("CLUSTER", "INFO")).contains("cluster_state:ok"));
                if (masters.size() == MASTERS && ok) {
                    return masters;
                }
            } catch (RuntimeException e) {
                // A node busy with the election answers late; ask again.
            }
            Await.pause();
        }
        throw new IllegalStateException("no failover from port " + former.port() + " within " + timeout.toSeconds() + " s");
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
     * ({@code INFO errorstats}): e.g. {@code {NOSCRIPT=3, CROSSSLOT=1}}; nodes not running are left out.
     */
    public Map<String, Long> errorCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (SpawnedRedisServer node : nodes) {
            if (!node.isRunning()) {
                continue;
            }
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

    /**
     * Nodes 0 to 2 become the masters, node 3 + i the replica of master i. The steps and waits of
     * {@code redis-cli --cluster create}, with {@code CLUSTER} commands.
     */
    private void create() {
        List<String> ids = nodes.stream()
                .map(node -> RespClient.text(node.client().command("CLUSTER", "MYID"))).toList();
        for (int i = 0; i < NODES; i++) {
            // Distinct epochs, as redis-cli sets them, so the masters need not resolve a collision first.
            nodes.get(i).client().command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
        }
        for (int m = 0; m < MASTERS; m++) {
            // CLUSTER ADDSLOTS, not ADDSLOTSRANGE: Redis 6.2 has only the former.
            int from = m * SLOTS / MASTERS;
            int to = (m + 1) * SLOTS / MASTERS;
            for (int batch = from; batch < to; batch += SLOTS_PER_COMMAND) {
                List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                for (int slot = batch; slot < Math.min(to, batch + SLOTS_PER_COMMAND); slot++) {
                    command.add(Integer.toString(slot));
                }
                nodes.get(m).client().command(command.toArray(String[]::new));
            }
        }
        SpawnedRedisServer first = nodes.get(0);
        for (SpawnedRedisServer other : nodes.subList(1, NODES)) {
            first.client().command("CLUSTER", "MEET", other.host(), Integer.toString(other.port()));
        }
        for (SpawnedRedisServer node : nodes) {
            Await.until("node " + node.port() + " to know all " + NODES + " nodes " + ids, READY_TIMEOUT,
                    () -> view(node).keySet().equals(Set.copyOf(ids)));
        }
        Set<String> expected = new TreeSet<>();
        for (int m = 0; m < MASTERS; m++) {
            SpawnedRedisServer replica = nodes.get(MASTERS + m);
            String masterId = ids.get(m);
            // Refused until the replica has learned that the node is a master; the wait retries.
            Await.until("node " + replica.port() + " to replicate " + masterId, READY_TIMEOUT,
                    () -> "OK".equals(replica.client().command("CLUSTER", "REPLICATE", masterId)));
            expected.add(masterId + " master -");
            expected.add(ids.get(MASTERS + m) + " slave " + masterId);
        }
        for (SpawnedRedisServer node : nodes) {
            Await.until("node " + node.port() + " to see " + expected + " and say cluster_state:ok", READY_TIMEOUT,
                    () -> new TreeSet<>(view(node).values()).equals(expected)
                            && RespClient.text(node.client().command("CLUSTER", "INFO")).contains("cluster_state:ok"));
            Await.until("replica " + node.port() + " to be in sync", READY_TIMEOUT, () -> {
                String replication = node.client().info("replication");
                return replication.contains("role:master") || replication.contains("master_link_status:up");
            });
        }
    }

    /**
     * The cluster as {@code node} sees it ({@code CLUSTER NODES}): node id to
     * {@code "<id> master -"} or {@code "<id> slave <master id>"}; nodes still in the handshake,
     * failing or without address show their flags instead, so they match no expectation.
     */
    private static Map<String, String> view(SpawnedRedisServer node) {
        Map<String, String> view = new TreeMap<>();
        for (String line : RespClient.text(node.client().command("CLUSTER", "NODES")).split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length < 4) {
                continue;
            }
            Set<String> flags = Set.of(fields[2].split(","));
            String role = flags.contains("master") ? "master" : flags.contains("slave") ? "slave" : fields[2];
            if (flags.contains("handshake") || flags.contains("fail") || flags.contains("fail?")
                    || flags.contains("noaddr")) {
                role = fields[2];
            }
            view.put(fields[0], fields[0] + " " + role + " " + fields[3]);
        }
        return view;
    }

    /**
     * A free loopback port whose cluster bus port is free too: Redis refuses a cluster node on a
     * port above 55535, whose bus port would be over 65535, and the free ports Linux hands out
     * go up to 60999.
     */
    private static int freeNodePort() throws IOException {
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int port = SpawnedRedisServer.freePort();
            if (port + BUS_PORT_OFFSET <= 65535 && isFree(port + BUS_PORT_OFFSET)) {
                return port;
            }
        }
        throw new IOException("no free port p with p + " + BUS_PORT_OFFSET + " free too in "
                + PORT_ATTEMPTS + " tries");
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
