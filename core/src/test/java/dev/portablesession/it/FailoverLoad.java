package dev.portablesession.it;

import dev.portablesession.testing.Browser;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Steady load for the failover tests and the soak: parallel clients, each with a session and a
 * counter of its own, send increments to the nodes in turn and record every answer. Each client
 * waits for its answer before it sends again, so the values a client's acknowledged increments
 * return must climb by one; a value seen again (or lower) means acknowledged increments were
 * lost, and a value skipped means a request that failed had been saved anyway.
 *
 * <p>Times are from {@link System#nanoTime()}; a failure (any status but 200, or an exception,
 * recorded as status -1) makes its client pause briefly, as a browser's user would.
 */
final class FailoverLoad implements AutoCloseable {

    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(20);

    /** One request of one client; status -1 when it threw. */
    record Sample(int client, long start, long end, int status, String body) {
        long millis() {
            return (end - start) / 1_000_000;
        }
    }

    /**
     * What the increments left behind, counted from the values they returned and a final read.
     *
     * @param acknowledged increments answered 200
     * @param lost acknowledged increments whose effect is gone
     * @param savedAnyway failed increments whose effect is there nevertheless
     * @param finalReads per client, the status and body of a read of its counter after the load
     */
    record Outcome(int acknowledged, int lost, int savedAnyway, List<String> finalReads) {
        boolean everyCounterReadable() {
            return finalReads.stream().allMatch(read -> read.startsWith("200 "));
        }
    }

    private final List<Browser> browsers = new ArrayList<>();
    private final List<List<Sample>> samples = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService pool;
    private final List<Future<?>> clients = new ArrayList<>();

    private FailoverLoad(List<JettyNode> nodes, int clients) {
        for (int client = 0; client < clients; client++) {
            List<URI> roots = new ArrayList<>();
            for (int n = 0; n < nodes.size(); n++) {
                roots.add(nodes.get((client + n) % nodes.size()).root());
            }
            browsers.add(new Browser(roots));
            samples.add(new ArrayList<>());
        }
        pool = Executors.newFixedThreadPool(clients);
    }

    /** Starts {@code clients} clients, each alternating over {@code nodes} from a different first one. */
    static FailoverLoad start(List<JettyNode> nodes, int clients) {
        FailoverLoad load = new FailoverLoad(nodes, clients);
        for (int client = 0; client < clients; client++) {
            int c = client;
            load.clients.add(load.pool.submit(() -> {
                load.run(c);
                return null;
            }));
        }
        return load;
    }

    private void run(int client) throws InterruptedException {
        while (running.get()) {
            long start = System.nanoTime();
            Sample sample;
            try {
                Browser.Response response = browsers.get(client).post("/s?op=increment&name=counter");
                sample = new Sample(client, start, System.nanoTime(), response.status(), response.body());
            } catch (RuntimeException e) {
                sample = new Sample(client, start, System.nanoTime(), -1, e.toString());
            }
            synchronized (samples.get(client)) {
                samples.get(client).add(sample);
            }
            if (sample.status() != 200) {
                Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
            }
        }
    }

    /**
     * Waits until every client has had a success that started after {@code since} and after its
     * last failure, or until {@code bound} from {@code since} has passed.
     *
     * @return whether every client succeeded again within the bound
     */
    boolean awaitRecovery(long since, Duration bound) throws InterruptedException {
        long deadline = since + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (recoveredAt(since, Long.MAX_VALUE) > 0) {
                return true;
            }
            Thread.sleep(50);
        }
        return recoveredAt(since, Long.MAX_VALUE) > 0;
    }

    /**
     * When the last client succeeded again after an event at {@code since}: the end of the
     * slowest client's first success that started after {@code since} and after the end of that
     * client's last failure ending before {@code until}; 0 when some client has not succeeded
     * again.
     */
    long recoveredAt(long since, long until) {
        long last = 0;
        for (List<Sample> client : samples) {
            long recovered;
            synchronized (client) {
                recovered = recoveredAt(client, since, until);
            }
            if (recovered == 0) {
                return 0;
            }
            last = Math.max(last, recovered);
        }
        return last;
    }

    private static long recoveredAt(List<Sample> client, long since, long until) {
        long lastFailure = since;
        for (Sample sample : client) {
            if (sample.status() != 200 && sample.end() >= since && sample.end() < until) {
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

    /** The samples that ended in [{@code from}, {@code until}): those in flight at {@code from} too. */
    List<Sample> between(long from, long until) {
        return samples().stream().filter(sample -> sample.end() >= from && sample.end() < until).toList();
    }

    /** Every sample so far, of all clients. */
    List<Sample> samples() {
        List<Sample> all = new ArrayList<>();
        for (List<Sample> client : samples) {
            synchronized (client) {
                all.addAll(client);
            }
        }
        return all;
    }

    /** Stops the clients, then reads every counter and counts what was lost. */
    Outcome finish() throws Exception {
        running.set(false);
        for (Future<?> client : clients) {
            client.get();
        }
        int acknowledged = 0;
        int lost = 0;
        int savedAnyway = 0;
        List<String> finalReads = new ArrayList<>();
        for (int client = 0; client < browsers.size(); client++) {
            int previous = 0;
            for (Sample sample : samples.get(client)) {
                if (sample.status() != 200) {
                    continue;
                }
                acknowledged++;
                int value = Integer.parseInt(sample.body().strip());
                if (value <= previous) {
                    lost += previous - value + 1;
                } else {
                    savedAnyway += value - previous - 1;
                }
                previous = value;
            }
            Browser.Response read = browsers.get(client).get("/s?op=get&name=counter");
            finalReads.add(read.status() + " " + read.body());
            if (read.status() == 200) {
                int stored = read.body().equals("null") ? 0 : Integer.parseInt(read.body().strip());
                lost += Math.max(0, previous - stored);
            }
        }
        return new Outcome(acknowledged, lost, savedAnyway, finalReads);
    }

    @Override
    public void close() {
        running.set(false);
        pool.shutdownNow();
    }

    /**
     * Counts by status (-1 = exception) of the samples that ended in [{@code from}, {@code until}):
     * a request in flight when something happens is counted with it.
     */
    static Map<Integer, Integer> statuses(List<Sample> samples, long from, long until) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        samples.stream().filter(sample -> sample.end() >= from && sample.end() < until)
                .forEach(sample -> statuses.merge(sample.status(), 1, Integer::sum));
        return statuses;
    }

    /**
     * What a user would ask of one event at {@code event} (a kill, say) with samples up to
     * {@code until}: status codes, the error window, the slowest request, the time until every
     * client succeeded again.
     */
    String describe(long event, long until) {
        List<Sample> all = between(event, until);
        List<Sample> failures = all.stream().filter(sample -> sample.status() != 200).toList();
        Sample slowest = all.stream().max((x, y) -> Long.compare(x.end() - x.start(), y.end() - y.start())).orElse(null);
        long recovered = recoveredAt(event, until);
        return """
                  requests: %d, by status (-1 = exception): %s
                  error window: %s
                  slowest request: %s; requests over 1 s: %d
                  every client succeeded again %s
                  first failures: %s""".formatted(all.size(), statuses(all, event, until), window(failures, event),
                slowest == null ? "none" : slowest.millis() + " ms (status " + slowest.status() + ", started "
                        + String.format("%+d", (slowest.start() - event) / 1_000_000) + " ms after the event)",
                all.stream().filter(sample -> sample.millis() > 1_000).count(),
                recovered > 0 ? (recovered - event) / 1_000_000 + " ms after the event" : "NOT yet",
                failures.stream().limit(3).map(sample -> sample.status() + " " + sample.body()).toList());
    }

    /** From the first failure's start to the last failure's end, relative to the event. */
    private static String window(List<Sample> failures, long event) {
        if (failures.isEmpty()) {
            return "none";
        }
        long first = failures.stream().mapToLong(Sample::start).min().orElseThrow();
        long last = failures.stream().mapToLong(Sample::end).max().orElseThrow();
        return String.format("%+d ms to %+d ms after the event (%d ms)", (first - event) / 1_000_000,
                (last - event) / 1_000_000, (last - first) / 1_000_000);
    }
}
