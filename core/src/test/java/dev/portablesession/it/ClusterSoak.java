package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisCluster;
import dev.portablesession.testing.SpawnedRedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: mixed load from two servers on a three-master Redis Cluster while a master is killed
 * ({@code kill -9}) and started again, twice. Not part of the README's test command (its name
 * does not end in IT); CI runs a 40 s smoke of it, and a full run writes its figures into
 * {@code docs/operations.md}:
 *
 * <pre>
 * ./mvnw -pl core -am verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=ClusterSoak -Dsoak.duration=10m -Dsoak.report=$PWD/docs/operations.md
 * </pre>
 *
 * <p>The load: {@link FailoverLoad}'s counter clients (which count lost increments exactly) and
 * churn clients that walk a session through its life on alternating servers: create, read,
 * change of id, read, invalidate, read. Asserted: no status but 200 and 503, every client
 * succeeding again within 10 s of each kill, and, at the end, no key of the namespace left
 * without an expiry (nothing leaks). Reported besides: requests, errors, the error window, the
 * slowest request, recovery times, acknowledged increments lost, wrong answers.
 */
class ClusterSoak {

    private static final Duration DURATION = Duration.parse("PT" + System.getProperty("soak.duration", "40s").toUpperCase());
    private static final String REPORT = System.getProperty("soak.report", "");
    private static final int COUNTER_CLIENTS = 8;
    private static final int CHURN_CLIENTS = 4;
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);
    private static final String NAMESPACE = "soak";
    private static final String BEGIN = "<!-- soak:begin -->";
    private static final String END = "<!-- soak:end -->";

    @TempDir
    Path dir;

    /** One kill: when, of which master, and when the cluster and every client were back. */
    private record Kill(int port, long at, long failedOver, long restarted) {
    }

    @Test
    void mixedLoadThroughTwoMasterKills() throws Exception {
        Instant started = Instant.now();
        try (RedisCluster cluster = RedisCluster.start(Duration.ofSeconds(1))) {
            Map<String, String> settings = Map.of("redis.config-file", RedissonFiles.cluster(dir, cluster).toString(),
                    "namespace", NAMESPACE, "lock.mode", "exclusive", "lock.lease", "3s", "redis.request-budget", "3s");
            List<JettyNode> nodes = List.of(JettyNode.startWithInitParams("a", settings),
                    JettyNode.startWithInitParams("b", settings));
            Churn churn = new Churn(nodes);
            FailoverLoad counters = FailoverLoad.start(nodes, COUNTER_CLIENTS);
            List<Kill> kills = new ArrayList<>();
            FailoverLoad.Outcome outcome;
            long begin = System.nanoTime();
            try {
                for (int k = 1; k <= 2; k++) {
                    sleepUntil(begin + DURATION.toNanos() * k / 3);
                    SpawnedRedisServer victim = cluster.masters().stream()
                            .max(Comparator.comparingLong(master -> master.client().keys(NAMESPACE + ":*").size())).orElseThrow();
                    long at = System.nanoTime();
                    victim.kill();
                    cluster.awaitFailoverFrom(victim, Duration.ofSeconds(30));
                    long failedOver = System.nanoTime();
                    // Back empty on its port; the cluster makes it a replica of its old slots' new master.
                    victim.start();
                    kills.add(new Kill(victim.port(), at, failedOver, System.nanoTime()));
                    counters.awaitRecovery(at, Duration.ofSeconds(30));
                }
                sleepUntil(begin + DURATION.toNanos());
            } finally {
                churn.stop();
                outcome = counters.finish();
                counters.close();
                nodes.forEach(JettyNode::close);
            }
            long leaked = keysWithoutExpiry(cluster);

            String report = report(started, kills, counters, churn, outcome, leaked);
            System.out.println(report);
            if (!REPORT.isEmpty()) {
                writeReport(Path.of(REPORT), report);
            }

            List<FailoverLoad.Sample> all = counters.samples();
            Map<Integer, Integer> statuses = FailoverLoad.statuses(all, 0, Long.MAX_VALUE);
            statuses.keySet().forEach(status -> assertTrue(status == 200 || status == 503, "counter status " + statuses));
            churn.statuses.keySet().forEach(status -> assertTrue(status == 200 || status == 503, "churn status " + churn.statuses));
            for (int k = 0; k < kills.size(); k++) {
                long until = k + 1 < kills.size() ? kills.get(k + 1).at() : Long.MAX_VALUE;
                long recovered = counters.recoveredAt(kills.get(k).at(), until);
                assertTrue(recovered > 0 && recovered - kills.get(k).at() <= RECOVERY_BOUND.toNanos(),
                        "kill " + (k + 1) + ": every client succeeded again within " + RECOVERY_BOUND.toSeconds() + " s");
            }
            assertTrue(outcome.everyCounterReadable(), outcome.finalReads().toString());
            assertTrue(churn.cycles.get() > 0, "the churn clients ran");
            assertEquals(0, leaked, "keys of the namespace without an expiry");
        }
    }

    /** Sessions walked through their life: create, read, change id, read, invalidate, read. */
    private static final class Churn {
        private static final String[][] STEPS = {
            {"/s?op=set&name=user&value=%s", "ok"},
            {"/s?op=get&name=user", "%s"},
            {"/s?op=changeId", null},
            {"/s?op=get&name=user", "%s"},
            {"/s?op=invalidate", "invalidated"},
            {"/s?op=get&name=user", "no-session"},
        };
        final Map<Integer, Integer> statuses = new TreeMap<>();
        final AtomicLong cycles = new AtomicLong();
        final AtomicLong wrongAnswers = new AtomicLong();
        final List<String> firstWrong = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService pool = Executors.newFixedThreadPool(CHURN_CLIENTS);
        private final List<Future<?>> clients = new ArrayList<>();

        Churn(List<JettyNode> nodes) {
            for (int c = 0; c < CHURN_CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (long cycle = 0; running.get(); cycle++) {
                        walk(new Browser(JettyNode.roots(nodes.get(client % 2), nodes.get((client + 1) % 2))),
                                "u" + client + "-" + cycle);
                    }
                    return null;
                }));
            }
        }

        private void walk(Browser browser, String user) throws InterruptedException {
            for (String[] step : STEPS) {
                Browser.Response response;
                try {
                    response = browser.get(step[0].formatted(user));
                } catch (RuntimeException e) {
                    count(-1);
                    return;
                }
                count(response.status());
                if (response.status() != 200) {
                    // A failed step may or may not have happened: this session's walk ends here.
                    Thread.sleep(20);
                    return;
                }
                String expected = step[1] == null ? null : step[1].formatted(user);
                if (expected == null ? !response.body().contains("->") : !expected.equals(response.body())) {
                    wrongAnswers.incrementAndGet();
                    synchronized (firstWrong) {
                        if (firstWrong.size() < 3) {
                            firstWrong.add(step[0].formatted(user) + " -> " + response.body());
                        }
                    }
                    return;
                }
            }
            cycles.incrementAndGet();
        }

        private void count(int status) {
            synchronized (statuses) {
                statuses.merge(status, 1, Integer::sum);
            }
        }

        void stop() throws Exception {
            running.set(false);
            for (Future<?> client : clients) {
                client.get();
            }
            pool.shutdownNow();
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    /** Keys of the namespace on any master that have no expiry ({@code PTTL} -1). */
    private static long keysWithoutExpiry(RedisCluster cluster) {
        long count = 0;
        for (SpawnedRedisServer master : cluster.masters()) {
            for (String key : master.client().keys(NAMESPACE + ":*")) {
                if (((Long) master.client().command("PTTL", key)) == -1) {
                    count++;
                }
            }
        }
        return count;
    }

    private static String report(Instant started, List<Kill> kills, FailoverLoad counters, Churn churn,
            FailoverLoad.Outcome outcome, long leaked) {
        StringBuilder text = new StringBuilder();
        text.append("Soak (`ClusterSoak`), ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(", ")
                .append(DURATION.toMinutes() > 0 ? DURATION.toMinutes() + " min" : DURATION.toSeconds() + " s")
                .append(": two Jetty servers, a Redis Cluster of 3 masters and 3 replicas (`cluster-node-timeout 1000`, ")
                .append("`scanInterval: 1000`), `lock.mode=exclusive`, `redis.request-budget=3s`; ")
                .append(COUNTER_CLIENTS).append(" counter clients and ").append(CHURN_CLIENTS)
                .append(" churn clients (create, read, change id, read, invalidate, read), each waiting for its answer; ")
                .append("the master with the most sessions killed (SIGKILL) at 1/3 and 2/3 of the run and started again.\n\n");
        text.append("| counter clients | requests until the next kill | by status | error window | slowest request | every client back after |\n");
        text.append("|---|---|---|---|---|---|\n");
        List<FailoverLoad.Sample> all = counters.samples();
        for (int k = 0; k < kills.size(); k++) {
            Kill kill = kills.get(k);
            long until = k + 1 < kills.size() ? kills.get(k + 1).at() : Long.MAX_VALUE;
            List<FailoverLoad.Sample> window = counters.between(kill.at(), until);
            List<FailoverLoad.Sample> failures = window.stream().filter(s -> s.status() != 200).toList();
            long recovered = counters.recoveredAt(kill.at(), until);
            text.append("| kill ").append(k + 1).append(" (failover ").append(millis(kill.failedOver() - kill.at()))
                    .append(" ms) | ").append(window.size()).append(" | ")
                    .append(FailoverLoad.statuses(window, 0, Long.MAX_VALUE)).append(" | ")
                    .append(failures.isEmpty() ? "none" : millis(failures.stream().mapToLong(FailoverLoad.Sample::end).max()
                            .orElseThrow() - failures.stream().mapToLong(FailoverLoad.Sample::start).min().orElseThrow()) + " ms")
                    .append(" | ").append(window.stream().mapToLong(FailoverLoad.Sample::millis).max().orElse(0)).append(" ms | ")
                    .append(recovered > 0 ? millis(recovered - kill.at()) + " ms" : "not within the run").append(" |\n");
        }
        text.append("\n- Counter clients: ").append(all.size()).append(" requests, by status ")
                .append(FailoverLoad.statuses(all, 0, Long.MAX_VALUE)).append("; acknowledged increments ")
                .append(outcome.acknowledged()).append(", lost ").append(outcome.lost())
                .append(", failed but saved anyway ").append(outcome.savedAnyway()).append(".\n");
        text.append("- Churn clients: ").append(churn.statuses.values().stream().mapToInt(Integer::intValue).sum())
                .append(" requests, by status ").append(churn.statuses).append("; ").append(churn.cycles.get())
                .append(" sessions walked through, ").append(churn.wrongAnswers.get()).append(" wrong answers")
                .append(churn.firstWrong.isEmpty() ? "" : " (" + churn.firstWrong + ")").append(".\n");
        text.append("- Keys of the namespace left without an expiry at the end: ").append(leaked).append(".\n");
        return text.toString();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** Replaces what lies between the soak markers of {@code file} with {@code report}. */
    private static void writeReport(Path file, String report) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(file + " has no " + BEGIN + " ... " + END + " section for the figures");
        }
        Files.writeString(file, text.substring(0, begin + BEGIN.length()) + "\n" + report + text.substring(end),
                StandardCharsets.UTF_8);
    }
}
