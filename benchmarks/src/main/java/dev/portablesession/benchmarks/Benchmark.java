package dev.portablesession.benchmarks;

import dev.portablesession.benchmarks.app.Variant;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.RespClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One benchmark run against started servers, one JVM per variant, and Redis: prepares the session
 * pools, warms up, fixes the offered rates, counts the commands each request sends to Redis in a short watched
 * pass, then measures every scenario and variant once per round, the variants in a different
 * order each round so none always follows the same neighbour.
 */
final class Benchmark {

    /** Share of the slowest variant's throughput offered in the fixed-rate runs. */
    static final double RATE_SHARE = 0.5;
    /**
     * Idle time after each warm-up pass: the JIT compiler shares the server's one CPU, and under
     * load it got so little of it that a scenario could run at a fifth of its speed for two
     * steady passes, then jump.
     */
    static final Duration COMPILER_PAUSE = Duration.ofSeconds(1);

    /** Warm-up passes at least per scenario and variant. */
    static final int MIN_WARM_UP_PASSES = 3;

    /** A warm-up pass within this share of the one before ends the warm-up. */
    static final double STEADY = 0.10;
    /**
     * The share of a warm-up pass's time the server's JIT compilers may still work for the pass
     * to count as warm: throughput alone can look steady while the code is still being compiled
     * (a fresh JVM served 2,400 req/s for three passes in a row, then 16,600 once compiled).
     */
    static final double COMPILING = 0.05;

    /** Length of the run watched with MONITOR to count the commands sent per request. */
    static final Duration COUNTING_RUN = Duration.ofMillis(500);

    private final Options options;
    /** One server JVM per variant: a variant's JIT profile, heap and collector are its own. */
    private final Map<Variant, ServerProcess> servers;
    private final Map<Variant, LoadGenerator> loads = new EnumMap<>(Variant.class);
    private final RedisServer redisServer;
    private final RespClient redis;
    private final long redisPid;
    private final PrintStream log;
    private final Map<Variant, Map<Scenario.Pool, List<String>>> pools = new EnumMap<>(Variant.class);
    private final Results results = new Results();

    Benchmark(Options options, Map<Variant, ServerProcess> servers, RedisServer redis, PrintStream log) {
        this.options = options;
        this.servers = servers;
        servers.forEach((variant, server) -> loads.put(variant, new LoadGenerator(server.port())));
        this.redisServer = redis;
        this.redis = redis.client();
        this.redisPid = Machine.redisPid(redis.client());
        this.log = log;
    }

    Results run() throws IOException, InterruptedException {
        prepare();
        warmUp();
        countSentCommands();
        if (options.jfr() != null) {
            for (ServerProcess server : servers.values()) {
                server.startRecording();
            }
        }
        for (int round = 0; round < options.rounds(); round++) {
            List<Variant> order = new ArrayList<>(options.variants());
            Collections.rotate(order, -round);
            for (Scenario scenario : options.scenarios()) {
                for (Variant variant : order) {
                    if (serves(variant, scenario)) {
                        measureThroughput(round, scenario, variant);
                    }
                }
                for (Variant variant : order) {
                    if (serves(variant, scenario)) {
                        measureLatency(round, scenario, variant);
                    }
                }
            }
        }
        if (options.jfr() != null) {
            for (Map.Entry<Variant, ServerProcess> server : servers.entrySet()) {
                server.getValue().stopRecording(recording(options.jfr(), server.getKey()));
            }
        }
        return results;
    }

    /** Creates the pools of sessions the scenarios rotate through, for every variant. */
    private void prepare() throws IOException, InterruptedException {
        for (Variant variant : options.variants()) {
            Map<Scenario.Pool, List<String>> byPool = new EnumMap<>(Scenario.Pool.class);
            for (Scenario.Pool pool : List.of(Scenario.Pool.SMALL, Scenario.Pool.CART)) {
                boolean needed = options.scenarios().stream().anyMatch(s -> s.pool() == pool && serves(variant, s));
                if (needed) {
                    long before = usedMemory();
                    byPool.put(pool, variant.sessionless() ? unknownSessions(options.sessions())
                            : newSessions(variant, pool == Scenario.Pool.SMALL ? "small" : "cart", options.sessions()));
                    if (variant.usesRedis()) {
                        log.printf(Locale.ROOT, "prepared %s %s: Redis used_memory %+,d bytes per session%n", variant.key(),
                                pool.name().toLowerCase(Locale.ROOT), (usedMemory() - before) / options.sessions());
                    }
                }
            }
            pools.put(variant, byPool);
            log.printf("prepared %s: %s sessions%n", variant.key(), byPool.values().stream().mapToInt(List::size).sum());
        }
    }

    private long usedMemory() {
        return usedMemory(redis);
    }

    /** Redis's {@code used_memory}: what one more pool of sessions costs it. */
    static long usedMemory(RespClient redis) {
        for (String line : redis.info("memory").split("\r\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory");
    }

    /**
     * Runs every scenario and variant unmeasured, in passes of {@link Options#warmUp()} until they
     * are {@link #steady} (at most {@link #maxWarmUpPasses}), and sets
     * each scenario's offered rate from the last passes. A fresh server JVM, pinned to one CPU
     * with its JIT compiler, needed about 30 s of a scenario's traffic to reach its speed (the cart
     * ran at 587, 1,090, 1,839, then 2,700 req/s in 3 s rounds after a single 4 s warm-up).
     */
    private void warmUp() throws IOException, InterruptedException {
        for (Scenario scenario : options.scenarios()) {
            double slowest = Double.MAX_VALUE;
            for (Variant variant : options.variants()) {
                if (!serves(variant, scenario)) {
                    continue;
                }
                WarmUp warm = warmUpUntilSteady(options, () -> run(scenario, variant, options.warmUp(), 0).result,
                        servers.get(variant)::compilationMillis);
                LoadGenerator.Result result = warm.last();
                slowest = Math.min(slowest, result.perSecond());
                log.printf(Locale.ROOT, "warm-up %-10s %-18s %,9.0f req/s after %d pass%s, JIT compiling %.0f %% of the"
                                + " last%s%n", scenario.key(), variant.key(), result.perSecond(), warm.passes(),
                        warm.passes() == 1 ? "" : "es", warm.compiling() * 100,
                        result.errors() == 0 ? "" : ", " + result.errors() + " errors: " + result.firstError());
            }
            double rate = options.rate() > 0 ? options.rate() : roundDown(slowest * RATE_SHARE);
            results.rate(scenario, rate);
            log.printf(Locale.ROOT, "fixed rate for %s: %,.0f req/s%n", scenario.key(), rate);
        }
    }

    /**
     * Watches Redis with MONITOR during a short unmeasured run of each scenario and variant, to
     * count the commands a request sends (its round trips), apart from those scripts run.
     */
    private void countSentCommands() throws IOException, InterruptedException {
        for (Scenario scenario : options.scenarios()) {
            for (Variant variant : options.variants()) {
                if (!variant.usesRedis() || !serves(variant, scenario)) {
                    continue;
                }
                Map<String, Long> sent;
                Run run;
                try (SentCommands monitor = SentCommands.start(redisServer.host(), redisServer.port())) {
                    run = run(scenario, variant, COUNTING_RUN, 0);
                    sent = monitor.stop(redis);
                }
                Results.Cell cell = results.cell(scenario, variant);
                cell.sent = sent;
                cell.sentRequests = run.result.requests();
                log.printf(Locale.ROOT, "counted    %-10s %-18s %5.2f commands sent/request %s%n", scenario.key(),
                        variant.key(), cell.sentPerRequest(), sent);
            }
        }
    }

    private void measureThroughput(int round, Scenario scenario, Variant variant) throws IOException, InterruptedException {
        run(scenario, variant, options.settle(), 0);
        RedisStats before = RedisStats.read(redis);
        ServerProcess server = servers.get(variant);
        long serverCpu = ProcessCpu.nanos(server.pid());
        long redisCpu = ProcessCpu.nanos(redisPid);
        Run run = run(scenario, variant, options.measure(), 0);
        long serverCpuUsed = ProcessCpu.used(serverCpu, ProcessCpu.nanos(server.pid()));
        long redisCpuUsed = ProcessCpu.used(redisCpu, ProcessCpu.nanos(redisPid));
        RedisStats redisDelta = RedisStats.read(redis).since(before);
        Results.Cell cell = results.cell(scenario, variant);
        cell.throughput.add(run.result.perSecond());
        cell.requests += run.result.requests();
        cell.redis = cell.redis.plus(redisDelta);
        cell.cpu(serverCpuUsed, redisCpuUsed);
        record(cell, run);
        log.printf(Locale.ROOT, "round %d/%d %-10s %-18s %,9.0f req/s  CPU/request: server %,5.0f µs, Redis %,4.0f µs%s%n",
                round + 1, options.rounds(), scenario.key(), variant.key(), run.result.perSecond(),
                serverCpuUsed / 1000.0 / run.result.requests(), redisCpuUsed / 1000.0 / run.result.requests(), problems(run));
    }

    private void measureLatency(int round, Scenario scenario, Variant variant) throws IOException, InterruptedException {
        double rate = results.rate(scenario);
        run(scenario, variant, options.settle(), rate);
        Run run = run(scenario, variant, options.measure(), rate);
        Results.Cell cell = results.cell(scenario, variant);
        cell.p50.add(run.result.latencyMillis(50));
        cell.p99.add(run.result.latencyMillis(99));
        record(cell, run);
        log.printf(Locale.ROOT, "round %d/%d %-10s %-18s at %,.0f req/s: p50 %.2f ms, p99 %.2f ms%s%n", round + 1,
                options.rounds(), scenario.key(), variant.key(), rate, run.result.latencyMillis(50),
                run.result.latencyMillis(99), problems(run));
    }

    private static void record(Results.Cell cell, Run run) {
        cell.error(run.result.errors(), run.result.firstError());
        cell.lostUpdates += run.lostUpdates;
        cell.checkedUpdates += run.checkedUpdates;
    }

    private static String problems(Run run) {
        String errors = run.result.errors() == 0 ? "" : ", " + run.result.errors() + " errors (" + run.result.firstError() + ")";
        String lost = run.lostUpdates == 0 ? "" : ", " + run.lostUpdates + " lost updates";
        return errors + lost;
    }

    /** One run; at a fixed rate when {@code rate} is positive, else closed loop. */
    private Run run(Scenario scenario, Variant variant, Duration duration, double rate)
            throws IOException, InterruptedException {
        String shared = scenario.pool() == Scenario.Pool.SHARED ? newSessions(variant, "counters", 1).get(0) : null;
        LoadGenerator.Requests requests = requests(scenario, variant, shared);
        int clients = options.clients(scenario);
        LoadGenerator load = loads.get(variant);
        LoadGenerator.Result result = rate > 0
                ? load.fixedRate(clients, requests, rate, duration)
                : load.closedLoop(clients, requests, duration);
        ServerProcess server = servers.get(variant);
        if (!server.isAlive()) {
            throw new IllegalStateException("the benchmark server of " + variant.key() + " died; see " + server.log());
        }
        Run run = new Run(result);
        if (shared != null) {
            Map<String, Long> counters = counters(variant, shared);
            for (int client = 0; client < clients; client++) {
                long ok = result.okPerClient()[client];
                run.checkedUpdates += ok;
                run.lostUpdates += Math.max(0, ok - counters.getOrDefault("counter-" + client, 0L));
            }
        }
        return run;
    }

    private LoadGenerator.Requests requests(Scenario scenario, Variant variant, String sharedCookie) {
        String path = "/" + variant.key() + scenario.path();
        int clients = options.clients(scenario);
        switch (scenario.pool()) {
            case NONE -> {
                byte[] request = HttpConnection.get(path, null);
                return (client, sequence) -> request;
            }
            case SHARED -> {
                byte[][] perClient = new byte[clients][];
                for (int c = 0; c < clients; c++) {
                    perClient[c] = HttpConnection.get(path + "?c=" + c, sharedCookie);
                }
                return (client, sequence) -> perClient[client];
            }
            default -> {
                return rotating(path, pools.get(variant).get(scenario.pool()), clients);
            }
        }
    }

    /**
     * Requests to {@code path} carrying the pool's cookies in turn; each client starts at its own
     * place in the pool, so clients rarely share a session.
     */
    static LoadGenerator.Requests rotating(String path, List<String> cookies, int clients) {
        byte[][] all = cookies.stream().map(cookie -> HttpConnection.get(path, cookie)).toArray(byte[][]::new);
        int n = all.length;
        return (client, sequence) -> all[(int) ((client * (long) n / clients + sequence) % n)];
    }

    /**
     * Cookies of the filter's shape for a server that keeps no sessions: it sends the same request
     * headers as the other variants and never reads them.
     */
    private static List<String> unknownSessions(int count) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] id = new byte[32];
            random.nextBytes(id);
            cookies.add("SESSION=" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(id));
        }
        return cookies;
    }

    /** New sessions of the given kind; returns their cookies ({@code name=value}). */
    private List<String> newSessions(Variant variant, String kind, int count) throws IOException, InterruptedException {
        return createSessions(servers.get(variant).port(), "/" + variant.key() + "/setup?kind=" + kind, count);
    }

    /**
     * {@code count} new sessions, each from one request to {@code setupPath} (which must answer
     * 200 with a session cookie), over up to eight connections; returns their cookies
     * ({@code name=value}).
     */
    static List<String> createSessions(int port, String setupPath, int count) throws IOException, InterruptedException {
        byte[] request = HttpConnection.get(setupPath, null);
        int threads = Math.min(count, 8);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = count / threads + (t < count % threads ? 1 : 0);
                parts.add(executor.submit(() -> {
                    List<String> cookies = new ArrayList<>();
                    try (HttpConnection connection = new HttpConnection(port)) {
                        for (int i = 0; i < share; i++) {
                            HttpConnection.Response response = connection.fetch(request);
                            if (response.status != 200 || response.setCookie == null) {
                                throw new IOException(setupPath + " answered " + response.status
                                        + (response.setCookie == null ? " without a session cookie" : "") + ": " + response.body);
                            }
                            cookies.add(response.setCookie);
                        }
                    }
                    return cookies;
                }));
            }
            List<String> cookies = new ArrayList<>();
            for (Future<List<String>> part : parts) {
                try {
                    cookies.addAll(part.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("cannot create sessions: " + e.getCause().getMessage(), e.getCause());
                }
            }
            return cookies;
        } finally {
            executor.shutdownNow();
        }
    }

    private Map<String, Long> counters(Variant variant, String cookie) throws IOException {
        try (HttpConnection connection = new HttpConnection(servers.get(variant).port())) {
            HttpConnection.Response response = connection.fetch(HttpConnection.get("/" + variant.key() + "/counters", cookie));
            if (response.status != 200) {
                throw new IOException(variant.key() + " counters answered " + response.status + ": " + response.body);
            }
            Map<String, Long> counters = new HashMap<>();
            response.body.lines().filter(line -> line.contains("=")).forEach(line -> {
                int eq = line.indexOf('=');
                counters.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
            });
            return counters;
        }
    }

    /** The flight recording of one variant's server: {@code name-variant.jfr} beside {@code file}. */
    static Path recording(Path file, Variant variant) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".jfr") ? name.substring(0, name.length() - 4) : name;
        return file.resolveSibling(stem + "-" + variant.key() + ".jfr");
    }

    /**
     * Whether the warm-up passes' throughputs have settled: at least {@link #MIN_WARM_UP_PASSES},
     * the last within {@link #STEADY} of the one before. Two passes are not enough: a fresh JVM
     * ran the read scenario at 3,204 and 3,300 req/s, then at 7,000 and 11,000.
     */
    static boolean steady(List<Double> passes) {
        int n = passes.size();
        return n >= MIN_WARM_UP_PASSES && Math.abs(passes.get(n - 1) - passes.get(n - 2)) <= STEADY * passes.get(n - 2);
    }

    /** One unmeasured pass of load. */
    interface Pass {
        LoadGenerator.Result run() throws IOException, InterruptedException;
    }

    /** The JIT compilers' total time so far, milliseconds, of the servers a pass loads. */
    interface CompilerClock {
        long millis() throws IOException;
    }

    /**
     * How a warm-up ended.
     *
     * @param last the last pass
     * @param passes how many passes ran
     * @param compiling the share of the last pass's time the JIT compilers worked
     */
    record WarmUp(LoadGenerator.Result last, int passes, double compiling) {
    }

    /**
     * Runs {@code pass}, each followed by {@link #COMPILER_PAUSE}, until the passes are
     * {@link #steady} and the compilers worked at most {@link #COMPILING} of the last one, or
     * {@link #maxWarmUpPasses} have run.
     */
    static WarmUp warmUpUntilSteady(Options options, Pass pass, CompilerClock compilers)
            throws IOException, InterruptedException {
        List<Double> passes = new ArrayList<>();
        LoadGenerator.Result result;
        double compiling;
        do {
            long compiledBefore = compilers.millis();
            result = pass.run();
            compiling = (double) (compilers.millis() - compiledBefore) / options.warmUp().toMillis();
            passes.add(result.perSecond());
            Thread.sleep(COMPILER_PAUSE.toMillis());
        } while (!(steady(passes) && compiling <= COMPILING) && passes.size() < maxWarmUpPasses(options));
        return new WarmUp(result, passes.size(), compiling);
    }

    /** Warm-up passes at most per scenario and variant: 8, or 3 in a quick run. */
    static int maxWarmUpPasses(Options options) {
        return options.quick() ? 3 : 8;
    }

    /** Whether the variant can serve the scenario: a server without sessions serves only requests that use none. */
    static boolean serves(Variant variant, Scenario scenario) {
        return !variant.sessionless() || scenario == Scenario.CONTROL;
    }

    /** Two significant digits, rounded down: 1,234 → 1,200. */
    static double roundDown(double value) {
        if (value < 10) {
            return Math.max(1, Math.floor(value));
        }
        double unit = Math.pow(10, Math.floor(Math.log10(value)) - 1);
        return Math.floor(value / unit) * unit;
    }

    /** A run's result with the lost-update check of the concurrent scenario. */
    private static final class Run {
        final LoadGenerator.Result result;
        long lostUpdates;
        long checkedUpdates;

        Run(LoadGenerator.Result result) {
            this.result = result;
        }
    }
}
