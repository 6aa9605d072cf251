package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisSentinelSet;
import dev.portablesession.testing.SpawnedRedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code redis.wait-replicas}: a session write counts as done only once a replica has it, so a
 * master killed right after an acknowledged write loses nothing; a write no replica confirms in
 * {@code redis.wait-timeout} gets 503 instead of an acknowledgement. On a Sentinel set (one
 * master, one replica, three sentinels), two servers. With one replica and
 * {@code redis.wait-replicas=1}, writes stop while a node is missing: the trade-off the docs state.
 */
class WaitReplicasIT {

    private static final Duration WAIT_TIMEOUT = Duration.ofMillis(500);

    @TempDir
    Path dir;
    @RegisterExtension
    final LibraryLog log = new LibraryLog();
    private RedisSentinelSet sentinels;
    private final List<JettyNode> nodes = new ArrayList<>();
    private FailoverLoad load;

    @AfterEach
    void stop() {
        if (load != null) {
            load.close();
        }
        nodes.forEach(JettyNode::close);
        nodes.clear();
        if (sentinels != null) {
            sentinels.close();
        }
    }

    private void startNodes(int replicas) throws Exception {
        sentinels = RedisSentinelSet.start();
        Map<String, String> settings = Map.of("redis.config-file", RedissonFiles.sentinel(dir, sentinels).toString(),
                "namespace", "it-wait", "redis.request-budget", "3s",
                "redis.wait-replicas", Integer.toString(replicas), "redis.wait-timeout", WAIT_TIMEOUT.toMillis() + "ms");
        nodes.add(JettyNode.startWithInitParams("a", settings));
        nodes.add(JettyNode.startWithInitParams("b", settings));
    }

    @Test
    void noAcknowledgedIncrementIsLostWhenTheMasterIsKilledUnderLoad() throws Exception {
        startNodes(1);
        load = FailoverLoad.start(nodes, 8);
        Thread.sleep(2_000);
        SpawnedRedisServer former = sentinels.master();
        long killed = System.nanoTime();
        former.kill();
        SpawnedRedisServer promoted = sentinels.awaitFailoverFrom(former, Duration.ofSeconds(30));
        long failedOver = System.nanoTime();
        // On a busy machine a 1 s down-after can call the promoted master down too, and fail back
        // to the old one while it is still empty: a double failure no replica count survives.
        for (SpawnedRedisServer sentinel : sentinels.sentinels()) {
            sentinel.client().command("SENTINEL", "SET", RedisSentinelSet.MASTER_NAME, "down-after-milliseconds", "10000");
        }
        // The promoted master has no replica: every write waits for one in vain (503) until the
        // old master is back, which the sentinels turn into the new master's replica.
        former.start();
        boolean recovered = load.awaitRecovery(killed, Duration.ofSeconds(30));
        Thread.sleep(1_000);
        FailoverLoad.Outcome outcome = load.finish();
        System.out.printf("""
                Sentinel failover with redis.wait-replicas=1: master on port %d killed (SIGKILL) after 2000 ms of load
                  sentinels promoted port %d after %d ms, and the old master was started again as its replica
                %s
                  acknowledged increments: %d, lost: %d, failed but saved anyway: %d
                """, former.port(), promoted.port(), (failedOver - killed) / 1_000_000, load.describe(killed, Long.MAX_VALUE), outcome.acknowledged(), outcome.lost(),
                outcome.savedAnyway());

        assertTrue(outcome.acknowledged() > 100, "the load ran: " + outcome.acknowledged());
        assertEquals(0, outcome.lost(), "no acknowledged increment lost");
        assertTrue(recovered, "every client succeeds again");
        assertTrue(outcome.everyCounterReadable(), outcome.finalReads().toString());
        assertTrue(FailoverLoad.statuses(load.samples(), 0, Long.MAX_VALUE).keySet().stream()
                .allMatch(status -> status == 200 || status == 503), "only 200 and 503");
    }

    /**
     * The replica frozen: with {@code redis.wait-replicas=1} a write gets 503 after the wait
     * timeout, while reads still answer; the contrast, a write acknowledged that only the master
     * has, is what {@code redis.wait-replicas=0} does (below).
     */
    @Test
    void aWriteNoReplicaConfirmsGets503AndReadsGoOn() throws Exception {
        startNodes(1);
        Browser browser = new Browser(JettyNode.roots(nodes.get(0), nodes.get(1)));
        assertEquals("ok", browser.get("/s?op=set&name=user&value=alice").body());
        SpawnedRedisServer replica = sentinels.replica();
        replica.pause();
        try {
            long start = System.nanoTime();
            Browser.Response write = browser.get("/s?op=set&name=user&value=bob");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, write.status(), write.body());
            assertTrue(millis >= WAIT_TIMEOUT.toMillis() - 50 && millis < WAIT_TIMEOUT.toMillis() + 1_500,
                    "503 after the wait timeout: " + millis + " ms");
            // The master has the write it could not confirm: a 503 does not mean "not saved".
            Browser.Response read = browser.get("/s?op=get&name=user");
            assertEquals("200 bob", read.status() + " " + read.body());
        } finally {
            replica.resume();
        }
        assertTrue(log.messages().stream().anyMatch(message -> message.contains("only 0 of 1 replica(s) confirmed")),
                "the log says why: " + log.messages());
        String written = null;
        for (int i = 0; i < 50 && !"ok".equals(written); i++) {
            written = browser.get("/s?op=set&name=user&value=carol").body();
            Thread.sleep(100);
        }
        assertEquals("ok", written, "writes succeed again once the replica answers");
        assertEquals("carol", browser.get("/s?op=get&name=user").body());
    }

    @Test
    void withoutWaitingAWriteIsAcknowledgedThatOnlyTheMasterHas() throws Exception {
        startNodes(0);
        Browser browser = new Browser(JettyNode.roots(nodes.get(0), nodes.get(1)));
        assertEquals("ok", browser.get("/s?op=set&name=user&value=alice").body());
        SpawnedRedisServer replica = sentinels.replica();
        replica.pause();
        try {
            assertEquals("ok", browser.get("/s?op=set&name=user&value=bob").body(), "acknowledged at once");
        } finally {
            replica.resume();
        }
    }
}
