package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisSentinelSet;
import dev.portablesession.testing.SpawnedRedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Sentinel master dies ({@code kill -9}) while parallel clients, each with a session and a
 * counter of its own, send increments to two nodes in turn. The test prints what a user would
 * ask: status codes, the error window, the slowest request, the time until every client succeeds
 * again, and acknowledged increments lost (replication is asynchronous, so a write the master
 * acknowledged just before dying may never reach the replica). It asserts only what must hold:
 * no status but 200 and 503, and every client succeeds again within a bound.
 */
class SentinelFailoverIT {

    private static final int CLIENTS = 8;
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    /** Sentinels need a second to call the master down, then elect and promote; Redisson follows. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    private static final Duration AFTER_RECOVERY = Duration.ofSeconds(2);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(20);
    private static final Duration LEASE = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private RedisSentinelSet sentinels;
    private final List<JettyNode> nodes = new ArrayList<>();
    private ExecutorService pool;

    /** One request of one client; times from {@link System#nanoTime()}; status -1 when it threw. */
    private record Sample(int client, long start, long end, int status, String body) {
        long millis() {
            return (end - start) / 1_000_000;
        }
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
        nodes.forEach(JettyNode::close);
        nodes.clear();
        if (sentinels != null) {
            sentinels.close();
            sentinels = null;
        }
    }

    /**
     * In {@code exclusive} mode a lock taken on the old master and replicated, but whose release
     * was not, holds its session until the lease ends: the lease is short here so the bound holds.
     */
    @ParameterizedTest(name = "lock.mode={0}")
    @ValueSource(strings = {"none", "exclusive"})
    void clientsSucceedAgainSoonAfterTheMasterIsKilled(String lockMode) throws Exception {
        sentinels = RedisSentinelSet.start();
        Map<String, String> settings = Map.of("redis.config-file", RedissonFiles.sentinel(dir, sentinels).toString(),
                "namespace", "it-failover", "lock.mode", lockMode, "lock.lease", LEASE.toMillis() + "ms");
        nodes.add(JettyNode.startWithInitParams("a", settings));
        nodes.add(JettyNode.startWithInitParams("b", settings));
        List<Browser> browsers = new ArrayList<>();
        List<List<Sample>> samples = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            JettyNode first = nodes.get(client % 2);
            JettyNode second = nodes.get((client + 1) % 2);
            browsers.add(new Browser(first.root(), second.root()));
            samples.add(new ArrayList<>());
        }

        AtomicBoolean running = new AtomicBoolean(true);
        pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int c = client;
            clients.add(pool.submit(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    Sample sample;
                    try {
                        Browser.Response response = browsers.get(c).post("/s?op=increment&name=counter");
                        sample = new Sample(c, start, System.nanoTime(), response.status(), response.body());
                    } catch (RuntimeException e) {
                        sample = new Sample(c, start, System.nanoTime(), -1, e.toString());
                    }
                    synchronized (samples.get(c)) {
                        samples.get(c).add(sample);
                    }
                    if (sample.status() != 200) {
                        Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
                    }
                }
                return null;
            }));
        }

        Thread.sleep(WARM_UP.toMillis());
        SpawnedRedisServer former = sentinels.master();
        long killed = System.nanoTime();
        former.kill();
        SpawnedRedisServer promoted = sentinels.awaitFailoverFrom(former, RECOVERY_BOUND);
        long failedOver = System.nanoTime();
        long deadline = killed + RECOVERY_BOUND.toNanos();
        while (!allRecovered(samples, killed) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(AFTER_RECOVERY.toMillis());
        running.set(false);
        for (Future<?> client : clients) {
            client.get();
        }

        List<Sample> all = samples.stream().flatMap(List::stream).toList();
        Map<Integer, Integer> statuses = new TreeMap<>();
        all.forEach(sample -> statuses.merge(sample.status(), 1, Integer::sum));
        List<Sample> failures = all.stream().filter(sample -> sample.status() != 200).toList();
        Sample slowest = all.stream().max((x, y) -> Long.compare(x.end() - x.start(), y.end() - y.start())).orElseThrow();
        long lastRecovery = 0;
        boolean everyClientRecovered = true;
        for (List<Sample> client : samples) {
            long recovered = recoveredAt(client, killed);
            everyClientRecovered &= recovered > 0;
            lastRecovery = Math.max(lastRecovery, recovered);
        }
        int acknowledged = 0;
        int counted = 0;
        List<String> finalReads = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            acknowledged += (int) samples.get(client).stream().filter(sample -> sample.status() == 200).count();
            Browser.Response read = browsers.get(client).get("/s?op=get&name=counter");
            finalReads.add(read.status() + " " + read.body());
            if (read.status() == 200 && !read.body().equals("null")) {
                counted += Integer.parseInt(read.body());
            }
        }

        System.out.printf("""
                Sentinel failover under load, lock.mode=%s: %d clients, master on port %d killed (SIGKILL) after %d ms of load
                  sentinels promoted port %d after %d ms
                  requests: %d, by status (-1 = exception): %s
                  error window: %s
                  slowest request: %d ms (status %d, started %+d ms after the kill); requests over 1 s: %d
                  every client succeeded again %s
                  acknowledged increments: %d, in the counters afterwards: %d, lost: %d
                  first failures: %s
                """, lockMode, CLIENTS, former.port(), WARM_UP.toMillis(), promoted.port(), (failedOver - killed) / 1_000_000,
                all.size(), statuses, window(failures, killed), slowest.millis(), slowest.status(),
                (slowest.start() - killed) / 1_000_000, all.stream().filter(sample -> sample.millis() > 1_000).count(),
                everyClientRecovered ? (lastRecovery - killed) / 1_000_000 + " ms after the kill" : "NOT within the bound",
                acknowledged, counted, acknowledged - counted,
                failures.stream().limit(3).map(sample -> sample.status() + " " + sample.body()).toList());

        assertTrue(statuses.keySet().stream().allMatch(status -> status == 200 || status == 503),
                "no status but 200 and 503: " + statuses + "; e.g. " + failures.stream().filter(s -> s.status() != 503)
                        .limit(3).map(Sample::body).toList());
        assertTrue(everyClientRecovered, "every client succeeds again within " + RECOVERY_BOUND.toSeconds() + " s");
        assertEquals(CLIENTS, finalReads.stream().filter(read -> read.startsWith("200 ")).count(),
                "every counter can be read afterwards: " + finalReads);
    }

    /** Whether every client had a success that started after the kill and after its last failure. */
    private static boolean allRecovered(List<List<Sample>> samples, long killed) {
        for (List<Sample> client : samples) {
            synchronized (client) {
                if (recoveredAt(client, killed) == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * When the client's first success ended that started after the kill and after its last
     * failure; 0 if none has yet.
     */
    private static long recoveredAt(List<Sample> client, long killed) {
        long lastFailure = killed;
        for (Sample sample : client) {
            if (sample.status() != 200) {
                lastFailure = Math.max(lastFailure, sample.end());
            }
        }
        for (Sample sample : client) {
            if (sample.status() == 200 && sample.start() > lastFailure) {
                return sample.end();
            }
        }
        return 0;
    }

    /** From the first failure's start to the last failure's end, relative to the kill. */
    private static String window(List<Sample> failures, long killed) {
        if (failures.isEmpty()) {
            return "none";
        }
        long first = failures.stream().mapToLong(Sample::start).min().orElseThrow();
        long last = failures.stream().mapToLong(Sample::end).max().orElseThrow();
        return String.format("%+d ms to %+d ms after the kill (%d ms)", (first - killed) / 1_000_000,
                (last - killed) / 1_000_000, (last - first) / 1_000_000);
    }
}
