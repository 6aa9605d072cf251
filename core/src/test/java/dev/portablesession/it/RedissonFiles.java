package dev.portablesession.it;

import dev.portablesession.testing.RedisCluster;
import dev.portablesession.testing.RedisSentinelSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Redisson YAML files for {@code redis.config-file}, written the way docs/configuration.md shows
 * them, plus small connection pools and few threads: two nodes share a CPU-starved test machine.
 */
final class RedissonFiles {

    /** Small pools and reads from masters only, in any {@code *ServersConfig} block. */
    private static final String POOLS = """
              readMode: "MASTER"
              masterConnectionMinimumIdleSize: 2
              slaveConnectionMinimumIdleSize: 1
              subscriptionConnectionMinimumIdleSize: 1
              connectTimeout: 5000
            """;
    /** Redisson's answer timeout, as docs/configuration.md shows it, and its default retries. */
    private static final String TIMEOUTS = """
              timeout: 3000
            """;

    private RedissonFiles() {
    }

    /** A file naming the sentinels of {@code set}, in {@code directory}. */
    static Path sentinel(Path directory, RedisSentinelSet set) throws IOException {
        return sentinel(directory, set, TIMEOUTS);
    }

    /**
     * As {@link #sentinel(Path, RedisSentinelSet)}, with {@code timeouts} (indented YAML lines such
     * as {@code "  timeout: 10000\n  retryAttempts: 5\n"}) in place of the usual timeout.
     */
    static Path sentinel(Path directory, RedisSentinelSet set, String timeouts) throws IOException {
        return write(directory.resolve("redisson-sentinel.yaml"), """
                sentinelServersConfig:
                  masterName: "%s"
                  sentinelAddresses:
                %s
                %s%snettyThreads: 4
                """.formatted(RedisSentinelSet.MASTER_NAME, addresses(set.sentinelAddresses()), POOLS, timeouts));
    }

    /** The {@code redis-sentinel://} URL naming the sentinels of {@code set}, database 0, as docs/configuration.md shows it. */
    static String sentinelUrl(RedisSentinelSet set) {
        return "redis-sentinel://" + set.sentinelAddresses().stream()
                .map(address -> address.substring("redis://".length())).collect(Collectors.joining(","))
                + "/0#" + RedisSentinelSet.MASTER_NAME;
    }

    /** A file naming every node of {@code cluster}, in {@code directory}. */
    static Path cluster(Path directory, RedisCluster cluster) throws IOException {
        return cluster(directory, cluster, TIMEOUTS);
    }

    /** As {@link #cluster(Path, RedisCluster)}, with {@code timeouts} in place of the usual timeout. */
    static Path cluster(Path directory, RedisCluster cluster, String timeouts) throws IOException {
        return write(directory.resolve("redisson-cluster.yaml"), """
                clusterServersConfig:
                  nodeAddresses:
                %s
                  scanInterval: 1000
                %s%snettyThreads: 4
                """.formatted(addresses(cluster.nodeAddresses()), POOLS, timeouts));
    }

    private static String addresses(List<String> addresses) {
        return addresses.stream().map(address -> "    - \"" + address + "\"").collect(Collectors.joining("\n"));
    }

    private static Path write(Path file, String yaml) throws IOException {
        return Files.writeString(file, yaml);
    }
}
