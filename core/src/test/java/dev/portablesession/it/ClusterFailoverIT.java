package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.RedisCluster;
import dev.portablesession.testing.SpawnedRedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Redis Cluster master dies ({@code kill -9}) under the load of {@link FailoverLoad}: the
 * cluster promotes its replica once {@code cluster-node-timeout} (1 s here; Redis's default is 15 s) has passed, and
 * Redisson finds the new master at its next topology scan ({@code scanInterval}, 1 s in the file
 * docs/configuration.md shows). Only the sessions of the dead master's slots wait; the targets
 * are those of {@link SentinelFailoverIT}.
 */
class ClusterFailoverIT {

    private static final int CLIENTS = 8;
    /** {@code cluster-node-timeout}: a master unreachable this long is failed over. */
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final Duration AFTER_RECOVERY = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    private RedisCluster cluster;
    private final List<JettyNode> nodes = new ArrayList<>();
    private FailoverLoad load;

    @AfterEach
    void stop() {
        if (load != null) {
            load.close();
        }
        nodes.forEach(JettyNode::close);
        nodes.clear();
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @ParameterizedTest(name = "lock.mode={0}")
    @ValueSource(strings = {"none", "exclusive"})
    void clientsSucceedAgainSoonAfterAMasterIsKilled(String lockMode) throws Exception {
        cluster = RedisCluster.start(NODE_TIMEOUT);
        Map<String, String> settings = Map.of("redis.config-file", RedissonFiles.cluster(dir, cluster).toString(),
                "namespace", "it-cluster-failover", "lock.mode", lockMode, "lock.lease", "3s",
                "redis.request-budget", SentinelFailoverIT.BUDGET.toMillis() + "ms");
        nodes.add(JettyNode.startWithInitParams("a", settings));
        nodes.add(JettyNode.startWithInitParams("b", settings));
        load = FailoverLoad.start(nodes, CLIENTS);

        Thread.sleep(WARM_UP.toMillis());
        List<SpawnedRedisServer> before = cluster.masters();
        // The master holding most of the clients' sessions (8 sessions leave one master without any 4% of the time).
        SpawnedRedisServer former = before.stream().max(Comparator.comparingLong(ClusterFailoverIT::sessions)).orElseThrow();
        long sessionsOnIt = sessions(former);
        long killed = System.nanoTime();
        former.kill();
        List<SpawnedRedisServer> after = cluster.awaitFailoverFrom(former, Duration.ofSeconds(30));
        long failedOver = System.nanoTime();
        boolean recovered = load.awaitRecovery(killed, Duration.ofSeconds(30));
        Thread.sleep(AFTER_RECOVERY.toMillis());
        FailoverLoad.Outcome outcome = load.finish();

        System.out.printf("""
                Cluster failover under load, lock.mode=%s: %d clients, master on port %d (%d of the sessions) killed (SIGKILL) after %d ms of load
                  masters %s -> %s after %d ms
                %s
                  acknowledged increments: %d, lost: %d, failed but saved anyway: %d
                """, lockMode, CLIENTS, former.port(), sessionsOnIt, WARM_UP.toMillis(),
                before.stream().map(SpawnedRedisServer::port).toList(), after.stream().map(SpawnedRedisServer::port).toList(),
                (failedOver - killed) / 1_000_000, load.describe(killed, Long.MAX_VALUE),
                outcome.acknowledged(), outcome.lost(), outcome.savedAnyway());

        assertTrue(sessionsOnIt > 0, "the killed master held sessions of the load");
        SentinelFailoverIT.assertFailoverTargets(load, killed, recovered);
        assertTrue(outcome.everyCounterReadable(), "every counter can be read afterwards: " + outcome.finalReads());
        assertTrue(cluster.errorCounts().getOrDefault("CROSSSLOT", 0L) == 0, "no CROSSSLOT: " + cluster.errorCounts());
    }

    private static long sessions(SpawnedRedisServer master) {
        return master.client().keys("it-cluster-failover:*").stream().filter(key -> !key.endsWith(":lock")).count();
    }
}
