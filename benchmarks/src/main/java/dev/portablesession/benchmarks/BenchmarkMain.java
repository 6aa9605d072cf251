package dev.portablesession.benchmarks;

import dev.portablesession.benchmarks.app.Variant;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.SpawnedRedisServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one command that runs the HTTP benchmark and publishes it: Jetty in-memory sessions, this
 * library and Spring Session, side by side on one server, driven over loopback by
 * {@link LoadGenerator}, with Redis's own counters for commands and bytes. Writes
 * {@code benchmarks.md} and {@code benchmarks.svg} to {@code docs/} (quick runs: under
 * {@code target/}). {@code --help} lists the options.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    private static int run(Options options) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Map<String, String> machine = Machine.describe();
        String loadBefore = Machine.loadAverage();
        Path target = buildDirectory();
        Path out = options.out() != null ? options.out()
                : options.quick() ? target.resolve("benchmark-results") : docsDirectory(target);
        System.out.printf("Benchmark: %s; %s; about %d min (load average now %s)%n",
                (options.quick() ? "quick run" : "full run") + (options.scaling() ? " of --scaling" : ""),
                options.scaling() ? "variants " + Scaling.VARIANTS.stream().map(Variant::key).collect(Collectors.joining(", "))
                        : "scenarios " + options.scenarios().stream().map(Scenario::key).collect(Collectors.joining(", "))
                                + "; variants " + options.variants().stream().map(Variant::key).collect(Collectors.joining(", ")),
                Math.max(1, Math.round(options.estimate().toSeconds() / 60.0)), loadBefore);
        for (Variant variant : Variant.values()) {
            if (!variant.supported()) {
                System.out.println("Not measured: " + variant.label() + " (this build of the library has no setting "
                        + variant.extraSettings().keySet() + ")");
            }
        }

        List<Integer> cpus = options.pin() ? Cpus.allowed() : List.of();
        Integer serverCpu = cpus.size() >= 2 ? cpus.get(0) : null;
        Integer loadCpu = cpus.size() >= 2 ? cpus.get(1) : null;
        String pinning = serverCpu == null
                ? (options.pin() ? "none (needs taskset and two CPUs)" : "none (--no-pin)")
                : "server JVMs on CPU " + serverCpu + "; Redis and the load generator on CPU " + loadCpu;
        if (loadCpu != null) {
            Cpus.pin(ProcessHandle.current().pid(), loadCpu);
        }

        List<Report.Section> sections = new ArrayList<>();
        Map<String, String> versions;
        try (SpawnedRedisServer redis = RedisExtension.startPrivate()) {
            if (loadCpu != null) {
                Cpus.pin(Machine.redisPid(redis.client()), loadCpu);
            }
            versions = Machine.versions(redis.client(), repository(target));
            if (options.scaling()) {
                System.out.println("Redis " + versions.get("Redis") + " on port " + redis.port() + "; server logs in " + target);
                Scaling.Measured measured = new Scaling(options, redis, serverCpu, target, System.out).run();
                Report.Run run = new Report.Run(options, machine, versions, loadBefore, Machine.loadAverage(), pinning,
                        Duration.ofNanos(System.nanoTime() - started), ZonedDateTime.now());
                String markdown = Scaling.markdown(measured, run);
                Files.createDirectories(out);
                Report.writeBetween(out.resolve("benchmarks.md"), Scaling.START, Scaling.END, markdown);
                System.out.println();
                System.out.print(markdown);
                System.out.println("Written: " + out.resolve("benchmarks.md"));
                List<String> failures = options.check() ? Scaling.failures(measured) : List.of();
                failures.forEach(failure -> System.out.println("CHECK FAILED: " + failure));
                return failures.isEmpty() ? 0 : 1;
            }
            System.out.println("Redis " + versions.get("Redis") + " on port " + redis.port() + "; server logs in " + target);
            Map<Variant, ServerProcess> servers = new EnumMap<>(Variant.class);
            try {
                for (Variant variant : options.variants()) {
                    servers.put(variant, ServerProcess.start(redis.port(), List.of(variant), serverCpu,
                            target.resolve("benchmark-server-" + variant.key() + ".log")));
                }
                for (int clients : options.clientCounts()) {
                    Options atCount = options.forClients(clients);
                    System.out.println("At " + clients + " clients");
                    sections.add(new Report.Section(clients, atCount,
                            new Benchmark(atCount, servers, redis, System.out).run()));
                }
            } finally {
                servers.values().forEach(ServerProcess::close);
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Report.Run run = new Report.Run(options, machine, versions, loadBefore, Machine.loadAverage(), pinning, elapsed,
                ZonedDateTime.now());
        Files.createDirectories(out);
        Path markdown = out.resolve("benchmarks.md");
        Path chart = out.resolve("benchmarks.svg");
        Report report = new Report(sections, run);
        report.write(markdown, chart.getFileName().toString());
        Report.Section first = sections.get(0);
        Files.writeString(chart, Chart.svg(first.results(), first.options().scenarios(), options.variants(), first.clients()),
                StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(report.markdown(chart.getFileName().toString()));
        System.out.println("Written: " + markdown + " and " + chart + (options.jfr() == null ? "" : "; flight recording: "
                + options.jfr()));
        if (options.check()) {
            List<String> failures = report.failures();
            failures.forEach(failure -> System.out.println("CHECK FAILED: " + failure));
            return failures.isEmpty() ? 0 : 1;
        }
        return 0;
    }

    /** {@code benchmarks/target}, where the jar is; logs and quick results go there. */
    private static Path buildDirectory() {
        try {
            Path location = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("benchmarks", "target");
        }
    }

    /** The repository's {@code docs/}, found from the jar's place; else {@code docs} here. */
    private static Path docsDirectory(Path target) {
        Path root = repository(target);
        return root != null ? root.resolve("docs") : Path.of("docs");
    }

    /** The checkout the jar was built in ({@code <root>/benchmarks/target}), or null. */
    private static Path repository(Path target) {
        Path benchmarks = target.toAbsolutePath().getParent();
        Path root = benchmarks == null ? null : benchmarks.getParent();
        return root != null && Files.isDirectory(root.resolve("docs")) && Files.isDirectory(root.resolve("core")) ? root : null;
    }
}
