package dev.portablesession.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.benchmarks.app.Variant;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The harness's own rules, without a server: when a warm-up ends, where recordings go. */
class BenchmarkTest {

    @Test
    void aWarmUpEndsAfterThreePassesWhenTheLastIsWithinATenthOfTheOneBefore() {
        assertFalse(Benchmark.steady(List.of(2_700.0)), "one pass has nothing to compare with");
        assertFalse(Benchmark.steady(List.of(3_204.0, 3_300.0)), "two passes are too few, however close");
        assertFalse(Benchmark.steady(List.of(587.0, 1_090.0, 1_839.0)), "still climbing");
        assertTrue(Benchmark.steady(List.of(1_839.0, 2_703.0, 2_660.0)), "within 10 % of the pass before");
        assertTrue(Benchmark.steady(List.of(500.0, 1_000.0, 1_100.0)), "exactly 10 %");
        assertTrue(Benchmark.steady(List.of(500.0, 1_000.0, 900.0)), "down by 10 % is steady too");
        assertFalse(Benchmark.steady(List.of(500.0, 1_000.0, 899.0)));
    }

    @Test
    void aWarmUpGoesOnWhileTheCompilersWorkHoweverSteadyTheThroughput() throws Exception {
        Options options = Options.parse(new String[] {});
        long passMillis = options.warmUp().toMillis();
        // Each pass runs at the same speed; the compilers work half of each of the first four.
        int[] passes = {0};
        long[] compiled = {0};
        Benchmark.WarmUp warm = Benchmark.warmUpUntilSteady(options, () -> {
            passes[0]++;
            if (passes[0] <= 4) {
                compiled[0] += passMillis / 2;
            }
            return new LoadGenerator.Result(1_000, 0, 1_000_000_000L, new Histogram(3), new long[0], null);
        }, () -> compiled[0]);
        assertEquals(5, warm.passes(), "the first pass with quiet compilers ends it");
        assertEquals(0.0, warm.compiling());
        assertEquals(1_000.0, warm.last().perSecond(), 0.001);
    }

    @Test
    void aQuickRunWarmsUpInThreePassesAtMostAFullOneInEight() {
        assertEquals(3, Benchmark.maxWarmUpPasses(Options.parse(new String[] {"--quick"})));
        assertEquals(8, Benchmark.maxWarmUpPasses(Options.parse(new String[] {})));
    }

    @Test
    void eachVariantsServerRecordsToItsOwnFile() {
        assertEquals(Path.of("/tmp/run-portable.jfr"), Benchmark.recording(Path.of("/tmp/run.jfr"), Variant.PORTABLE));
        assertEquals(Path.of("out/run-spring.jfr"), Benchmark.recording(Path.of("out/run"), Variant.SPRING));
    }
}
