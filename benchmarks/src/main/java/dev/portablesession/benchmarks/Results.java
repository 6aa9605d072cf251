package dev.portablesession.benchmarks;

import dev.portablesession.benchmarks.app.Variant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Everything measured, per scenario and variant, and the fixed rate of each scenario. */
final class Results {

    private final Map<Scenario, Map<Variant, Cell>> cells = new EnumMap<>(Scenario.class);
    private final Map<Scenario, Double> rates = new EnumMap<>(Scenario.class);

    Cell cell(Scenario scenario, Variant variant) {
        return cells.computeIfAbsent(scenario, s -> new EnumMap<>(Variant.class))
                .computeIfAbsent(variant, v -> new Cell());
    }

    /** The cell if it was measured. */
    Cell find(Scenario scenario, Variant variant) {
        Map<Variant, Cell> row = cells.get(scenario);
        return row == null ? null : row.get(variant);
    }

    void rate(Scenario scenario, double perSecond) {
        rates.put(scenario, perSecond);
    }

    double rate(Scenario scenario) {
        return rates.getOrDefault(scenario, 0.0);
    }

    /** The median; the mean of the middle two for an even count; NaN when empty. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** One scenario and variant over all rounds. */
    static final class Cell {
        /** Requests/s of each round's closed-loop run. */
        final List<Double> throughput = new ArrayList<>();
        /** Latency percentiles of each round's fixed-rate run, milliseconds. */
        final List<Double> p50 = new ArrayList<>();
        final List<Double> p99 = new ArrayList<>();
        /** Requests of the closed-loop runs, over which the Redis counts are taken. */
        long requests;
        /** Failed requests (not 200, or an I/O error) of all measured runs. */
        long errors;
        String firstError;
        /** CPU time the server JVM and Redis used during the closed-loop runs, nanoseconds; -1: unknown. */
        long serverCpuNanos;
        long redisCpuNanos;
        /** Redis's own counters over the closed-loop runs: commands it ran (scripts' included) and bytes. */
        RedisStats redis = RedisStats.none();
        /** Commands clients sent (round trips), by name, over {@link #sentRequests} requests of the counting pass. */
        Map<String, Long> sent = Map.of();
        long sentRequests;
        /** Concurrent scenario: increments answered 200 but missing from the counters afterwards. */
        long lostUpdates;
        /** Concurrent scenario: increments answered 200, which the counters were checked against. */
        long checkedUpdates;

        double throughput() {
            return median(throughput);
        }

        double p50() {
            return median(p50);
        }

        double p99() {
            return median(p99);
        }

        /** Commands sent to Redis per request, all names together: the round trips. */
        double sentPerRequest() {
            return sentRequests == 0 ? Double.NaN
                    : (double) sent.values().stream().mapToLong(Long::longValue).sum() / sentRequests;
        }

        double sentPerRequest(String name) {
            return sentRequests == 0 ? Double.NaN : (double) sent.getOrDefault(name, 0L) / sentRequests;
        }

        /** Commands Redis ran per request, including those called by scripts. */
        double executedPerRequest() {
            return requests == 0 ? Double.NaN : (double) redis.totalCalls() / requests;
        }

        double executedPerRequest(String name) {
            return requests == 0 ? Double.NaN : (double) redis.calls().getOrDefault(name, 0L) / requests;
        }

        /** Server CPU time per request, microseconds: the variant's cost, less sensitive to other load than throughput. */
        double serverCpuMicros() {
            return requests == 0 || serverCpuNanos < 0 ? Double.NaN : serverCpuNanos / 1000.0 / requests;
        }

        double redisCpuMicros() {
            return requests == 0 || redisCpuNanos < 0 ? Double.NaN : redisCpuNanos / 1000.0 / requests;
        }

        double bytesToRedisPerRequest() {
            return requests == 0 ? Double.NaN : (double) redis.bytesIn() / requests;
        }

        double bytesFromRedisPerRequest() {
            return requests == 0 ? Double.NaN : (double) redis.bytesOut() / requests;
        }

        /** Adds one run's CPU times; an unknown one (-1) makes the total unknown. */
        void cpu(long serverNanos, long redisNanos) {
            serverCpuNanos = serverNanos < 0 || serverCpuNanos < 0 ? -1 : serverCpuNanos + serverNanos;
            redisCpuNanos = redisNanos < 0 || redisCpuNanos < 0 ? -1 : redisCpuNanos + redisNanos;
        }

        void error(long count, String first) {
            errors += count;
            if (firstError == null && first != null) {
                firstError = first;
            }
        }
    }
}
