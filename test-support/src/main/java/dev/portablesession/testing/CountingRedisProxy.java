package dev.portablesession.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP proxy on a free loopback port in front of a real Redis that counts the commands clients
 * send through it, by upper-case name, and the bytes in each direction. Tests use it to hold the
 * library to a budget of Redis commands per HTTP request: {@link #reset()}, make the request, read
 * {@link #count()}.
 *
 * <p><b>When counts are complete.</b> A command is counted before its last byte is forwarded to
 * Redis, so before Redis can answer it, so before the client can see the answer. Hence every
 * command whose reply the client has received is already counted, without waiting: after a
 * request whose Redis calls were all synchronous, the counts can be read as soon as the HTTP
 * response is in. Commands the library sends without waiting for the reply (asynchronously, or
 * after the response was sent) may still be in flight; {@link #awaitQuiet(Duration)} waits until
 * every byte that reached the proxy has been counted and forwarded and no traffic has passed for
 * the given period.
 *
 * <p>Each client connection gets its own pair of threads, so the connection pool of a client
 * library works as it would against Redis itself; both sockets use {@code TCP_NODELAY}, so the
 * proxy adds no Nagle delay. Bytes are forwarded as they arrive: pipelined commands stay
 * pipelined and large values stream through.
 */
public final class CountingRedisProxy implements AutoCloseable {

    private volatile boolean frozen;

    /**
     * Commands about the connection rather than the data, left out of {@link #count()}: a client
     * library sends them when it opens or checks a pooled connection, not per request.
     */
    public static final Set<String> CONNECTION_COMMANDS = Set.of(
            "PING", "HELLO", "AUTH", "SELECT", "CLIENT", "READONLY", "QUIT", "INFO", "CLUSTER", "COMMAND");

    private static final String LOOPBACK = "127.0.0.1";
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);

    private final RedisServer target;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    private final Map<String, LongAdder> commands = new ConcurrentHashMap<>();
    private final LongAdder bytesToRedis = new LongAdder();
    private final LongAdder bytesFromRedis = new LongAdder();
    /** Chunks read from a socket but not yet counted and forwarded. */
    private final AtomicInteger chunksInFlight = new AtomicInteger();
    private volatile long lastTrafficNanos = System.nanoTime();
    /** Set when a client sent bytes that are not RESP commands: counts can no longer be trusted. */
    private volatile String protocolError;

    private CountingRedisProxy(RedisServer target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
        AtomicInteger threadNumber = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task,
                    "redis-proxy-" + listener.getLocalPort() + "-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a proxy in front of {@code target} on a free port of 127.0.0.1.
     *
     * @throws UncheckedIOException if no port can be opened
     */
    public static CountingRedisProxy start(RedisServer target) {
        try {
            CountingRedisProxy proxy = new CountingRedisProxy(target,
                    new ServerSocket(0, 200, InetAddress.getByName(LOOPBACK)));
            proxy.threads.execute(proxy::acceptConnections);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a port for the Redis proxy", e);
        }
    }

    /** {@code 127.0.0.1}. */
    public String host() {
        return LOOPBACK;
    }

    /** The port clients connect to instead of Redis's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@code redis://127.0.0.1:port}, without credentials or database. */
    public String address() {
        return RedisUri.of(host(), port(), null, null, 0);
    }

    /** The target's {@link RedisServer#uri() URI} (credentials, database) with the proxy's host and port. */
    public String uri() {
        return RedisUri.of(host(), port(), target.username(), target.password(), target.database());
    }

    /**
     * Commands counted since the start or the last {@link #reset()}, by upper-case name, sorted.
     *
     * @throws IllegalStateException if a client sent bytes that are not RESP commands
     */
    public Map<String, Long> commands() {
        if (protocolError != null) {
            throw new IllegalStateException("the proxy could not follow a client's commands, so its counts"
                    + " are wrong: " + protocolError);
        }
        Map<String, Long> snapshot = new TreeMap<>();
        commands.forEach((name, count) -> snapshot.put(name, count.sum()));
        snapshot.values().removeIf(count -> count == 0);
        return snapshot;
    }

    /** Calls of one command, e.g. {@code count("EVALSHA")}; the name is not case-sensitive. */
    public long count(String command) {
        return commands().getOrDefault(command.toUpperCase(Locale.ROOT), 0L);
    }

    /** All commands except the {@link #CONNECTION_COMMANDS}: what a per-request budget limits. */
    public long count() {
        return commands().entrySet().stream()
                .filter(entry -> !CONNECTION_COMMANDS.contains(entry.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Bytes sent by clients to Redis since the start or the last {@link #reset()}. */
    public long bytesToRedis() {
        return bytesToRedis.sum();
    }

    /** Bytes sent by Redis to clients since the start or the last {@link #reset()}. */
    public long bytesFromRedis() {
        return bytesFromRedis.sum();
    }

    /** Sets all counts to zero. Call {@link #awaitQuiet(Duration)} first if traffic may still be in flight. */
    public void reset() {
        commands.clear();
        bytesToRedis.reset();
        bytesFromRedis.reset();
    }

    /**
     * Waits until every byte that has reached the proxy is counted and forwarded, in both
     * directions, and then no traffic passes for {@code quietPeriod}; returns no sooner than
     * {@code quietPeriod} after the call. Afterwards, the counts include every command a client
     * had written to its socket before this call. Tens of milliseconds are enough on loopback.
     *
     * @throws IllegalStateException if traffic does not pause within 10 s plus {@code quietPeriod}
     */
    public void awaitQuiet(Duration quietPeriod) {
        long quiet = quietPeriod.toNanos();
        long start = System.nanoTime();
        long deadline = start + quiet + SETTLE_TIMEOUT.toNanos();
        while (true) {
            long now = System.nanoTime();
            // Waiting the full period even when idle at once covers a chunk that a thread has
            // just read from its socket but not yet marked in flight.
            if (now - start >= quiet && now - lastTrafficNanos >= quiet
                    && chunksInFlight.get() == 0 && noUnreadBytes()) {
                return;
            }
            if (now - deadline > 0) {
                throw new IllegalStateException("Redis traffic through the proxy did not pause for "
                        + quietPeriod.toMillis() + " ms within " + SETTLE_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(Math.max(1, Math.min(5, quietPeriod.toMillis() / 4)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Redis traffic to pause", e);
            }
        }
    }

    /**
     * Holds every byte passing the proxy, both ways, until {@link #thaw()}: to the clients behind
     * this proxy Redis is frozen (as with SIGSTOP), while others reach it directly.
     */
    public void freeze() {
        frozen = true;
    }

    /** Lets what {@link #freeze()} held go on. */
    public void thaw() {
        frozen = false;
    }

    private void awaitThaw() throws IOException {
        while (frozen && !listener.isClosed()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while frozen", e);
            }
        }
    }

    /** Closes the port and every connection through it. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Closing anyway; the connections below are what matters.
        }
        connections.forEach(Connection::close);
        threads.shutdownNow();
    }

    private void acceptConnections() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            Socket redis = new Socket();
            try {
                client.setTcpNoDelay(true);
                redis.setTcpNoDelay(true);
                redis.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                // Redis is down: the client sees its connection dropped, as it would without the proxy.
                closeQuietly(client);
                closeQuietly(redis);
                continue;
            }
            Connection connection = new Connection(client, redis);
            connections.add(connection);
            threads.execute(connection::forwardCommands);
            threads.execute(connection::forwardReplies);
        }
    }

    private boolean noUnreadBytes() {
        for (Connection connection : connections) {
            if (connection.unreadBytes() > 0) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: the socket is being abandoned.
        }
    }

    /** One client connection and the proxy's connection to Redis on its behalf. */
    private final class Connection {

        private final Socket client;
        private final Socket redis;

        Connection(Socket client, Socket redis) {
            this.client = client;
            this.redis = redis;
        }

        void forwardCommands() {
            RespCommandScanner scanner = new RespCommandScanner(
                    name -> commands.computeIfAbsent(name, key -> new LongAdder()).increment());
            forward(client, redis, bytesToRedis, scanner);
        }

        void forwardReplies() {
            forward(redis, client, bytesFromRedis, null);
        }

        /** Copies {@code from} to {@code to} until either closes, scanning each chunk before forwarding it. */
        private void forward(Socket from, Socket to, LongAdder byteCount, RespCommandScanner scanner) {
            byte[] buffer = new byte[BUFFER_SIZE];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int length;
                while ((length = in.read(buffer)) != -1) {
                    chunksInFlight.incrementAndGet();
                    try {
                        if (scanner != null && protocolError == null) {
                            scan(scanner, buffer, length);
                        }
                        byteCount.add(length);
                        awaitThaw();
                        out.write(buffer, 0, length);
                    } finally {
                        // Stamp before leaving flight: awaitQuiet must see the chunk in flight or its time.
                        lastTrafficNanos = System.nanoTime();
                        chunksInFlight.decrementAndGet();
                    }
                }
            } catch (IOException e) {
                // One side closed or reset the connection: close the other side too.
            } finally {
                close();
            }
        }

        private void scan(RespCommandScanner scanner, byte[] buffer, int length) {
            try {
                scanner.scan(buffer, 0, length);
            } catch (IllegalArgumentException e) {
                protocolError = e.getMessage();
            }
        }

        int unreadBytes() {
            try {
                return client.getInputStream().available() + redis.getInputStream().available();
            } catch (IOException e) {
                // Closed: nothing more will be read from it.
                return 0;
            }
        }

        void close() {
            connections.remove(this);
            closeQuietly(client);
            closeQuietly(redis);
        }
    }
}
