package dev.portablesession.benchmarks;

import dev.portablesession.benchmarks.app.Variant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of the benchmark. Without flags: the full run, published to {@code docs/};
 * {@code --quick} is a smoke check of about four minutes that writes under {@code target/}.
 *
 * @param quick whether this is the quick smoke check
 * @param rounds rounds of measurement; each scenario and variant is measured once per round,
 *     and the report gives the median
 * @param measure length of each measured run (one for throughput, one at the fixed rate)
 * @param warmUp length of the warm-up of each scenario and variant before the first round
 * @param settle unmeasured load right before each measured run
 * @param sessions pre-created sessions per pool and variant, rotated by cookie
 * @param clientCounts concurrent clients (connections) of every scenario but the concurrent one: the
 *     whole run is repeated for each count (but the concurrent scenario, which has its own)
 * @param rate fixed offered rate for the latency runs, requests/s; 0 derives one per scenario
 * @param scenarios the scenarios to run
 * @param variants the variants to run
 * @param out where to write benchmarks.md and benchmarks.svg; null for the default
 * @param jfr where to write a Java Flight Recording of each variant's server (its name with the variant added), or null
 * @param pin whether to pin the server and Redis/load generator to separate CPUs
 * @param check whether to exit with status 1 when a request failed, an update was lost or
 *     Portable Session sent other than its budget of Redis commands (not for speed: that is noise
 *     on a shared machine)
 * @param scaling whether this is the scaling run ({@link Scaling}) instead of the scenarios
 */
record Options(boolean quick, int rounds, Duration measure, Duration warmUp, Duration settle, int sessions,
        List<Integer> clientCounts, double rate, List<Scenario> scenarios, List<Variant> variants, Path out, Path jfr, boolean pin,
        boolean check, boolean scaling) {

    static final String USAGE = """
            Usage: java -jar benchmarks/target/benchmarks.jar [options]
              --quick               smoke check (~4 minutes), written to benchmarks/target/benchmark-results/
              --rounds N            measured rounds; the report shows medians (default 5, quick 1)
              --seconds S           length of each measured run (default 3, quick 1)
              --warmup S            length of a warm-up pass per scenario and variant before the first round;
                                    passes repeat until one is within 10 % of the one before (default 4, quick 1)
              --sessions N          pre-created sessions per pool and variant (default 1000, quick 200)
              --clients N[,M]       concurrent clients, all scenarios but 'concurrent'; with more than one
                                    count the run is repeated for each (default 16,32; quick 16)
              --rate R              fixed offered rate for the latency runs, requests/s
                                    (default: half the slowest variant's throughput, per scenario)
              --scenarios a,b       of control, read, mixed, write, cart, create, concurrent (default all)
              --variants a,b        of bare, pass-through, memory, portable, spring, portable-exclusive (default
                                    all this build supports; bare, Jetty without sessions, and pass-through, the
                                    same behind a filter that only passes requests on, serve only 'control'), and
                                    portable-compressed (only when named: codec.compress-above=16KiB)
                                    and portable-eager (only when named: attribute.lazy-above=off)
              --out DIR             where benchmarks.md and benchmarks.svg go (default docs/, quick: target)
              --jfr FILE            record each variant's server with Java Flight Recorder during the measured rounds (FILE-variant.jfr)
              --no-pin              do not pin processes to CPUs with taskset
              --check               exit with status 1 on a failed request, a lost update or a Redis
                                    command count over budget (CI's smoke run)
              --scaling             instead of the scenarios, how cost grows: session sizes 1 KB to 1 MB,
                                    Redis memory against attribute count, 1, 2 and 4 server processes
                                    (Portable Session and Spring Session; about 20 minutes; default 3 rounds)
            """;

    static Options parse(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        boolean scaling = Arrays.asList(args).contains("--scaling");
        int rounds = quick ? 1 : scaling ? 3 : 5;
        double seconds = quick ? 1 : 3;
        double warmUp = quick ? 1 : 4;
        int sessions = quick ? 200 : 1000;
        List<Integer> clients = quick ? List.of(16) : List.of(16, 32);
        double rate = 0;
        List<Scenario> scenarios = List.of(Scenario.values());
        List<Variant> variants = Variant.defaultVariants();
        Path out = null;
        Path jfr = null;
        boolean pin = true;
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick", "--scaling" -> {
                    // Read above: they set the defaults the other flags override.
                }
                case "--rounds" -> rounds = positiveInt(arg, value(args, ++i, arg));
                case "--seconds" -> seconds = positive(arg, value(args, ++i, arg));
                case "--warmup" -> warmUp = positive(arg, value(args, ++i, arg));
                case "--sessions" -> sessions = positiveInt(arg, value(args, ++i, arg));
                case "--clients" -> clients = list(value(args, ++i, arg)).stream().map(n -> positiveInt(arg, n)).distinct()
                        .toList();
                case "--rate" -> rate = positive(arg, value(args, ++i, arg));
                case "--scenarios" -> scenarios = list(value(args, ++i, arg)).stream().map(Scenario::forKey).toList();
                case "--variants" -> variants = variants(list(value(args, ++i, arg)));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--jfr" -> jfr = Path.of(value(args, ++i, arg));
                case "--no-pin" -> pin = false;
                case "--check" -> check = true;
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        return new Options(quick, rounds, seconds(seconds), seconds(warmUp), seconds(quick ? 0.25 : 0.5), sessions,
                clients, rate, scenarios, variants, out, jfr, pin, check, scaling);
    }

    /**
     * Clients of a scenario at the run's first client count ({@link #forClients} makes it the
     * only one); the concurrent one has its fixed number.
     */
    int clients(Scenario scenario) {
        return scenario == Scenario.CONCURRENT ? Scenario.CONCURRENT_CLIENTS : clientCounts.get(0);
    }

    /**
     * This run at {@code clients} alone; at a count other than the first, without the concurrent
     * scenario, whose fixed number of clients makes a second measurement of it the same.
     */
    Options forClients(int clients) {
        List<Scenario> chosen = clients == clientCounts.get(0) ? scenarios
                : scenarios.stream().filter(scenario -> scenario != Scenario.CONCURRENT).toList();
        return new Options(quick, rounds, measure, warmUp, settle, sessions, List.of(clients), rate, chosen, variants, out,
                clients == clientCounts.get(0) ? jfr : null, pin, check, scaling);
    }

    /** A rough duration of the whole run, for the plan printed at the start. */
    Duration estimate() {
        if (scaling) {
            // Sizes: 8 shapes; processes: 3 counts; each 2 request kinds and 2 variants.
            int cells = (Scaling.SIZES.size() * Scaling.LAYOUTS.size() + Scaling.PROCESS_COUNTS.size()) * 2 * 2;
            // Servers just started (the first size, each process count) warm up in three passes or a few more.
            int extraWarmUps = (1 + Scaling.PROCESS_COUNTS.size()) * (Benchmark.MIN_WARM_UP_PASSES - 1) * 2 * 2;
            return Duration.ofMillis((cells + extraWarmUps) * warmUp.toMillis()
                    + cells * rounds * (measure.toMillis() + settle.toMillis()) + 60_000L);
        }
        int combinations = scenarios.size() * variants.size() * clientCounts.size();
        // Warm-ups take three passes or a few more (at most eight), most on the first client count.
        long millis = combinations * (3 * warmUp.toMillis() + Benchmark.COUNTING_RUN.toMillis())
                + (long) rounds * combinations * 2 * (measure.toMillis() + settle.toMillis())
                + 20_000L * clientCounts.size();
        return Duration.ofMillis(millis);
    }

    private static List<Variant> variants(List<String> keys) {
        List<Variant> chosen = new ArrayList<>();
        for (String key : keys) {
            Variant variant = Variant.forKey(key);
            if (!variant.supported()) {
                throw new IllegalArgumentException("variant " + key + " needs settings this build of the library does not"
                        + " have: " + variant.extraSettings().keySet());
            }
            chosen.add(variant);
        }
        return chosen;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static double positive(String option, String value) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            d = -1;
        }
        if (!(d > 0)) {
            throw new IllegalArgumentException(option + " must be a positive number, not " + value);
        }
        return d;
    }

    private static int positiveInt(String option, String value) {
        double d = positive(option, value);
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException(option + " must be a whole number, not " + value);
        }
        return (int) d;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
