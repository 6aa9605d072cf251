package dev.portablesession.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.benchmarks.app.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scaling report, on made-up measurements: no server, no Redis. */
class ScalingTest {

    @TempDir
    Path dir;

    @Test
    void tablesGiveRatiosPerRequestFiguresAndMemory() {
        String markdown = Scaling.markdown(measured(), run());

        assertTrue(markdown.contains("| 1 MB | 100 attributes of 10,000 characters | read every attribute | Portable Session"
                + " | 300 | 1.50 | 2,000 | 1,000 | 400 | 1,000,000 | 1,100,000 | 0 |"), markdown);
        assertTrue(markdown.contains("| 1 MB | 100 attributes of 10,000 characters | read every attribute | Spring Session"
                + " | 200 | — |"), markdown);
        assertTrue(markdown.contains("| 1,000 | 170,000 | 170 | 185,000 | 185 | 0.92 |"), markdown);
        assertTrue(markdown.contains("| 2 | set a small attribute | Portable Session | 600 | 2.00 | 1.50 |"), markdown);
    }

    @Test
    void checkReportsFailedRequestsOnly() {
        Scaling.Measured measured = measured();
        assertEquals(List.of(), Scaling.failures(measured));

        Results.Cell cell = measured.processes.get(2).get(Scaling.Work.WRITE).get(Variant.SPRING);
        cell.errors = 4;
        cell.firstError = "HTTP 410";
        assertEquals(List.of("2 processes, set a small attribute, Spring Session: 4 failed requests (HTTP 410)"),
                Scaling.failures(measured));
    }

    @Test
    void aPageWithoutTheMarkersGetsThemAtItsEndAndKeepsTheRest() throws IOException {
        Path page = dir.resolve("benchmarks.md");
        Files.writeString(page, "# Benchmarks\n\nHand-written.\n");

        Report.writeBetween(page, Scaling.START, Scaling.END, "first\n");
        Report.writeBetween(page, Scaling.START, Scaling.END, "second\n");

        assertEquals("# Benchmarks\n\nHand-written.\n\n" + Scaling.START + "\nsecond\n" + Scaling.END + "\n",
                Files.readString(page));
    }

    private static Scaling.Measured measured() {
        Scaling.Measured measured = new Scaling.Measured();
        measured.sessions = 1000;
        measured.clients = 16;
        Scaling.Shape shape = new Scaling.Shape(1_000_000, 100);
        Map<Variant, Results.Cell> read = new LinkedHashMap<>();
        read.put(Variant.PORTABLE, cell(300, 2_000, 1_000, 400, 1_000_000));
        read.put(Variant.SPRING, cell(200, 4_000, 800, 600, 2_000_000));
        measured.sizes.put(shape, Map.of(Scaling.Work.READ_ALL, read));
        measured.sizeMemory.put(shape, Map.of(Variant.PORTABLE, 1_100_000L, Variant.SPRING, 1_050_000L));
        measured.attributeMemory.put(1000, Map.of(Variant.PORTABLE, 170_000L, Variant.SPRING, 185_000L));
        for (int processes : List.of(1, 2)) {
            Map<Variant, Results.Cell> write = new LinkedHashMap<>();
            write.put(Variant.PORTABLE, cell(300 * processes, 500, 40, 700, 1_200));
            write.put(Variant.SPRING, cell(200 * processes, 700, 40, 700, 3_400));
            measured.processes.put(processes, Map.of(Scaling.Work.WRITE, write));
        }
        return measured;
    }

    /** A cell of three rounds around {@code perSecond}, with per-request CPU and bytes as given. */
    private static Results.Cell cell(double perSecond, long serverMicros, long redisMicros, long bytesIn, long bytesOut) {
        Results.Cell cell = new Results.Cell();
        cell.throughput.addAll(List.of(perSecond * 0.9, perSecond, perSecond * 1.1));
        cell.requests = 1000;
        cell.cpu(serverMicros * 1000 * cell.requests, redisMicros * 1000 * cell.requests);
        cell.redis = new RedisStats(Map.of(), bytesIn * cell.requests, bytesOut * cell.requests);
        return cell;
    }

    private static Report.Run run() {
        Options options = Options.parse(new String[] {"--scaling"});
        return new Report.Run(options, Map.of("CPUs (nproc)", "2"), Map.of("Redis", "7", "Portable Session", "test"),
                "0.1 0.1 0.1", "0.2 0.2 0.2", "none", Duration.ofMinutes(1), ZonedDateTime.now());
    }
}
