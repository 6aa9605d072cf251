package dev.portablesession.example;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A running demo: Redis (given or embedded), the shop nodes, and the round-robin balancer in front of them when
 * there are several. The programmatic entry used by {@link Main} and by the tests.
 */
public final class Demo implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Demo.class.getName());

    private final String redisDescription;
    private final List<ShopNode> nodes;
    private final RoundRobinBalancer balancer;
    /** How to stop everything started, most recent first: the order to stop in. */
    private final Deque<Stoppable> running;
    private boolean closed;

    private Demo(String redisDescription, List<ShopNode> nodes, RoundRobinBalancer balancer, Deque<Stoppable> running) {
        this.redisDescription = redisDescription;
        this.nodes = List.copyOf(nodes);
        this.balancer = balancer;
        this.running = running;
    }

    /**
     * Starts the demo as the command line would.
     *
     * @param args the flags of {@link Options#USAGE}; {@code REDIS_URL} is read from the environment
     * @throws UsageException when a flag is wrong, or for {@code --help}, which starts nothing
     * @throws Exception when Redis or a server cannot start; whatever had started is stopped again
     */
    public static Demo start(String... args) throws Exception {
        Options options = Options.parse(List.of(args), System.getenv());
        if (options.help()) {
            throw new UsageException("--help prints the usage and starts nothing");
        }
        return start(options);
    }

    static Demo start(Options options) throws Exception {
        Deque<Stoppable> running = new ArrayDeque<>();
        try {
            String redisUrl = options.redisUrl();
            String redisDescription;
            if (redisUrl == null) {
                DemoRedis embedded = DemoRedis.start();
                running.push(embedded::close);
                redisUrl = embedded.url();
                redisDescription = redisUrl + " (embedded, stopped on exit)";
                LOG.log(Level.WARNING, "Neither --redis nor REDIS_URL is set: started an embedded Redis at {0}"
                        + " as a development default. Point the demo at a real Redis with --redis URL.", redisUrl);
            } else {
                redisDescription = Redaction.redact(redisUrl);
            }

            List<ShopNode> nodes = new ArrayList<>();
            RoundRobinBalancer balancer = null;
            if (options.nodes() == 1) {
                ShopNode node = ShopNode.start(options.names().get(0), null, options.port(), "localhost", redisUrl);
                running.push(node::stop);
                nodes.add(node);
            } else {
                for (String name : options.names()) {
                    ShopNode node = ShopNode.start(name, "127.0.0.1", 0, "127.0.0.1", redisUrl);
                    running.push(node::stop);
                    nodes.add(node);
                }
                balancer = RoundRobinBalancer.start(options.port(), nodes.stream().map(ShopNode::uri).toList());
                running.push(balancer::stop);
            }
            return new Demo(redisDescription, nodes, balancer, running);
        } catch (Exception | Error e) {
            stopAll(running, e);
            throw e;
        }
    }

    /** The URL to open: the balancer's, or with a single node that node's. */
    public URI url() {
        return balancer != null ? balancer.uri() : nodes.get(0).uri();
    }

    /** The nodes' own URLs, in node order. */
    public List<URI> nodeUrls() {
        return nodes.stream().map(ShopNode::uri).toList();
    }

    /** The nodes' names, as sent in {@code X-Served-By}, in node order. */
    public List<String> nodeNames() {
        return nodes.stream().map(ShopNode::name).toList();
    }

    /** Whether a balancer runs in front of the nodes (there are at least two). */
    public boolean balanced() {
        return balancer != null;
    }

    /** What is running where, for the console; Redis passwords are masked. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("Redis     %s%n", redisDescription));
        for (ShopNode node : nodes) {
            text.append(String.format("Node      %-10s %s%s%n", node.name(), node.uri(), balancer == null ? " (no balancer)" : ""));
        }
        if (balancer != null) {
            text.append(String.format("Balancer  round robin  %s%n", balancer.uri()));
        }
        text.append(String.format("%nOpen %s%n", url()))
                .append(balancer != null
                        ? "Each request goes to the next node (see X-Served-By); the session follows through Redis.\n"
                        : "Start more with --nodes 1 on other ports and the same --redis: they share the sessions.\n")
                .append("Press Ctrl+C to stop.\n");
        return text.toString();
    }

    /** Blocks until the front server (balancer, or the single node) stops. */
    public void join() throws InterruptedException {
        if (balancer != null) {
            balancer.join();
        } else {
            nodes.get(0).join();
        }
    }

    /** Stops the balancer, the nodes and the embedded Redis, in that order; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        IllegalStateException failure = new IllegalStateException("the demo did not stop cleanly");
        stopAll(running, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    /** A running part of the demo, stopped by {@link #close()}. */
    private interface Stoppable {
        void stop() throws Exception;
    }

    private static void stopAll(Deque<Stoppable> running, Throwable failure) {
        while (!running.isEmpty()) {
            try {
                running.pop().stop();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}
