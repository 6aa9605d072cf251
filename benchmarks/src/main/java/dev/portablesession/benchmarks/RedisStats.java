package dev.portablesession.benchmarks;

import dev.portablesession.testing.CountingRedisProxy;
import dev.portablesession.testing.RespClient;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Redis itself counted: calls per command ({@code INFO commandstats}) and bytes in and out
 * ({@code INFO stats}). Reading Redis's own counters costs the measured clients nothing, unlike
 * a counting proxy in the path.
 *
 * @param calls calls per upper-case command name, without the connection-level ones (PING,
 *     CLIENT, HELLO, INFO, ...), which are not per request
 * @param bytesIn {@code total_net_input_bytes}: bytes clients sent to Redis
 * @param bytesOut {@code total_net_output_bytes}: bytes Redis sent to clients
 */
record RedisStats(Map<String, Long> calls, long bytesIn, long bytesOut) {

    static RedisStats read(RespClient redis) {
        Map<String, Long> calls = new TreeMap<>(redis.commandStats());
        calls.keySet().removeIf(name -> CountingRedisProxy.CONNECTION_COMMANDS.contains(name.split("\\|")[0]));
        String stats = redis.info("stats");
        return new RedisStats(calls, field(stats, "total_net_input_bytes"), field(stats, "total_net_output_bytes"));
    }

    /** The counts from {@code earlier} to this snapshot. */
    RedisStats since(RedisStats earlier) {
        Map<String, Long> delta = new TreeMap<>();
        calls.forEach((name, count) -> {
            long d = count - earlier.calls.getOrDefault(name, 0L);
            if (d != 0) {
                delta.put(name, d);
            }
        });
        return new RedisStats(delta, bytesIn - earlier.bytesIn, bytesOut - earlier.bytesOut);
    }

    /** The sum of both, for adding up rounds. */
    RedisStats plus(RedisStats other) {
        Map<String, Long> sum = new TreeMap<>(calls);
        other.calls.forEach((name, count) -> sum.merge(name, count, Long::sum));
        return new RedisStats(sum, bytesIn + other.bytesIn, bytesOut + other.bytesOut);
    }

    static RedisStats none() {
        return new RedisStats(Map.of(), 0, 0);
    }

    long totalCalls() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO stats has no " + name);
    }
}
