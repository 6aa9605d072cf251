package dev.portablesession.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.benchmarks.app.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report generator, on made-up results: no server, no Redis, milliseconds. */
class ReportTest {

    @TempDir
    Path dir;

    @Test
    void replacesOnlyTheGeneratedPartOfAPublishedPage() throws IOException {
        Path page = dir.resolve("benchmarks.md");
        Files.writeString(page, "# Benchmarks\n\nHand-written intro.\n\n" + Report.START + "\nold figures\n" + Report.END
                + "\n\n## Profiling\n\nHand-written findings.\n");

        report().write(page, "benchmarks.svg");

        String written = Files.readString(page);
        assertTrue(written.startsWith("# Benchmarks\n\nHand-written intro.\n\n" + Report.START + "\n"), written);
        assertTrue(written.endsWith(Report.END + "\n\n## Profiling\n\nHand-written findings.\n"), written);
        assertTrue(!written.contains("old figures"), written);
        assertTrue(written.contains("| read a 1 KB attribute | Portable Session | 5,000 | 0.50 | 4.00 |"), written);
    }

    @Test
    void judgesTheTargetsFromTheMedians() {
        String markdown = report().markdown("benchmarks.svg");

        assertTrue(markdown.contains("| Portable Session, read a 1 KB attribute: 1 Redis command sent per request | 1.00 | yes |"),
                markdown);
        assertTrue(markdown.contains("| Portable Session, read a 1 KB attribute: ≥ 3.00 × Spring Session | 4.00 × | yes |"),
                markdown);
        assertTrue(markdown.contains("| Portable Session, read a 1 KB attribute: ≥ 0.50 × in-memory (Jetty) | 0.50 × | yes |"),
                markdown);
    }

    @Test
    void checkFailsOnErrorsLostUpdatesAndCommandsOverBudgetButNotOnSpeed() {
        Results results = results();
        Report report = new Report(List.of(section(16, results)), run());
        assertEquals(List.of(), report.failures(), "slow is not a failure; these results are within budget");

        results.cell(Scenario.READ, Variant.SPRING).errors = 3;
        results.cell(Scenario.READ, Variant.SPRING).firstError = "HTTP 410";
        results.cell(Scenario.READ, Variant.MEMORY).lostUpdates = 2;
        results.cell(Scenario.READ, Variant.PORTABLE).sent = Map.of("EVALSHA", 200L);
        assertEquals(List.of(
                "read a 1 KB attribute, in-memory (Jetty), 16 clients: 2 lost updates",
                "read a 1 KB attribute, Portable Session, 16 clients: 2.00 Redis commands sent per request, budget 1",
                "read a 1 KB attribute, Spring Session, 16 clients: 3 failed requests, the first: HTTP 410"), report.failures());
    }

    @Test
    void twoClientCountsGetATableEachAndAColumnEachInTheTargets() {
        Results at32 = results();
        at32.cell(Scenario.READ, Variant.PORTABLE).throughput.replaceAll(value -> value / 2);
        at32.cell(Scenario.READ, Variant.SPRING).errors = 1;
        at32.cell(Scenario.READ, Variant.SPRING).firstError = "HTTP 503";
        Report report = new Report(List.of(section(16, results()), section(32, at32)), run());
        String markdown = report.markdown("benchmarks.svg");

        assertTrue(markdown.contains("### Throughput, latency and Redis traffic, 16 clients"), markdown);
        assertTrue(markdown.contains("### Throughput, latency and Redis traffic, 32 clients"), markdown);
        assertTrue(markdown.contains("| target | measured, 16 clients | met | measured, 32 clients | met |"), markdown);
        assertTrue(markdown.contains("| Portable Session, read a 1 KB attribute: ≥ 3.00 × Spring Session | 4.00 × | yes"
                + " | 2.00 × | **no** |"), markdown);
        assertTrue(markdown.contains("- load: 16 and 32 clients"), markdown);
        assertEquals(List.of("read a 1 KB attribute, Spring Session, 32 clients: 1 failed requests, the first: HTTP 503"),
                report.failures());
    }

    @Test
    void drawsOneBarPerScenarioAndVariant() {
        String svg = Chart.svg(results(), List.of(Scenario.READ), List.of(Variant.MEMORY, Variant.PORTABLE, Variant.SPRING), 16);

        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>\n"), svg);
        assertEquals(3 + 3, svg.split("<rect x=").length - 1, "three legend swatches and three bars");
        assertTrue(svg.contains("5,000/s · 0.50×"), svg);
        assertTrue(svg.contains("16 clients</text>"), svg);
    }

    @Test
    void offeredRatesKeepTwoSignificantDigits() {
        assertEquals(1200, Benchmark.roundDown(1234.5));
        assertEquals(87, Benchmark.roundDown(87.9));
        assertEquals(3, Benchmark.roundDown(3.7));
    }

    private static Report report() {
        return new Report(List.of(section(16, results())), run());
    }

    private static Report.Section section(int clients, Results results) {
        return new Report.Section(clients, run().options().forClients(clients), results);
    }

    private static Report.Run run() {
        Options options = Options.parse(new String[] {"--scenarios", "read", "--variants", "memory,portable,spring",
                "--clients", "16,32"});
        return new Report.Run(options, Map.of("CPU", "test"), Map.of("Redis", "7"), "0.1 0.1 0.1",
                "0.2 0.2 0.2", "none", Duration.ofMinutes(1), ZonedDateTime.now());
    }

    private static Results results() {
        Results results = new Results();
        results.rate(Scenario.READ, 1000);
        cell(results, Variant.MEMORY, 10_000, Map.of());
        cell(results, Variant.PORTABLE, 5_000, Map.of("EVALSHA", 100L));
        cell(results, Variant.SPRING, 1_250, Map.of("EXISTS", 200L, "HGETALL", 200L, "HMSET", 100L, "PEXPIREAT", 100L));
        return results;
    }

    private static void cell(Results results, Variant variant, double perSecond, Map<String, Long> sent) {
        Results.Cell cell = results.cell(Scenario.READ, variant);
        cell.throughput.addAll(List.of(perSecond * 0.9, perSecond, perSecond * 1.1));
        cell.p50.add(1.0);
        cell.p99.add(5.0);
        cell.requests = 100;
        cell.sent = sent;
        cell.sentRequests = 100;
        cell.redis = new RedisStats(sent, 10_000, 20_000);
    }
}
