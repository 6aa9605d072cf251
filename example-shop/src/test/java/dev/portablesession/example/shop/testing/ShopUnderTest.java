package dev.portablesession.example.shop.testing;

import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisServer;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A running shop for {@link ShopScenario}: where a browser sends its requests, which nodes may answer, and the
 * Redis they keep their sessions in.
 *
 * @param entryPoints application roots a browser uses in turn: one balancer URL, or the URL of every node
 * @param nodeNames   every name a response may carry in {@code X-Served-By}; at least two
 * @param redis       the Redis all nodes share, looked into directly by the scenario
 */
public record ShopUnderTest(List<URI> entryPoints, Set<String> nodeNames, RedisServer redis) {

    public ShopUnderTest {
        entryPoints = List.copyOf(entryPoints);
        nodeNames = Set.copyOf(nodeNames);
        Objects.requireNonNull(redis, "redis");
        if (nodeNames.size() < 2) {
            throw new IllegalArgumentException("the scenario needs at least two nodes, got " + nodeNames);
        }
        if (entryPoints.size() != 1 && entryPoints.size() != nodeNames.size()) {
            throw new IllegalArgumentException("give one balancer or one URL per node: " + entryPoints + " for " + nodeNames);
        }
    }

    /** Nodes behind a round-robin balancer at {@code balancer}, which alternates them on every request. */
    public static ShopUnderTest behindBalancer(URI balancer, Set<String> nodeNames, RedisServer redis) {
        return new ShopUnderTest(List.of(balancer), nodeNames, redis);
    }

    /** Nodes reached directly, {@code nodes.get(i)} answering as {@code names.get(i)}; the browser alternates them. */
    public static ShopUnderTest roundRobin(List<URI> nodes, List<String> names, RedisServer redis) {
        if (nodes.size() != names.size()) {
            throw new IllegalArgumentException(nodes.size() + " nodes but " + names.size() + " names");
        }
        return new ShopUnderTest(nodes, Set.copyOf(names), redis);
    }

    /** A fresh browser with an empty cookie jar, starting at the first entry point. */
    public Browser browser() {
        return new Browser(entryPoints);
    }
}
