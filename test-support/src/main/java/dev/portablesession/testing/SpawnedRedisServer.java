package dev.portablesession.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process this JVM spawned on a free loopback port, without persistence
 * ({@code --save "" --appendonly no}) and with its own temporary directory.
 *
 * <p>Tests of Redis outages {@link #stop()} it and {@link #start()} it again on the same port;
 * the data does not survive. {@link #close()} stops it for good and deletes its directory. A JVM
 * shutdown hook kills whatever is still running, so no process outlives the test run.
 */
public final class SpawnedRedisServer implements ManagedRedisServer {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 3;

    /** Servers not yet closed, killed by the shutdown hook if the tests did not close them. */
    private static final Set<SpawnedRedisServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> LIVE.forEach(SpawnedRedisServer::reap), "spawned-redis-reaper"));
    }

    private final Path executable;
    private final String origin;
    /** Arguments before the options: a config file and {@code --sentinel}, for a Sentinel. */
    private final List<String> leadingArguments;
    private final Map<String, String> config;
    private final int port;
    private final Path directory;
    private final Path logFile;
    private final RespClient client;

    private volatile Process process;

    private SpawnedRedisServer(Path executable, String origin, List<String> leadingArguments,
            Map<String, String> config, int port) throws IOException {
        this.executable = executable;
        this.origin = origin;
        this.leadingArguments = leadingArguments;
        this.config = config;
        this.port = port;
        this.directory = Files.createTempDirectory("portable-session-redis-");
        this.logFile = directory.resolve("redis.log");
        this.client = new RespClient(LOOPBACK, port, null, config.get("requirepass"), 0);
        LIVE.add(this);
    }

    /**
     * Spawns {@code executable} on a free port and returns once it answers {@code PING}.
     *
     * @param origin where the executable came from, for messages
     * @param config extra settings passed as {@code --name value}, e.g. {@code requirepass}
     * @throws IOException if the server does not start; the message contains its log
     */
    static SpawnedRedisServer spawn(Path executable, String origin, Map<String, String> config)
            throws IOException {
        return spawn(executable, origin, List.of(), config);
    }

    /**
     * Like {@link #spawn(Path, String, Map)}, with arguments before the options, e.g. a
     * configuration file and {@code --sentinel}; the options on the command line override the file.
     */
    static SpawnedRedisServer spawn(Path executable, String origin, List<String> leadingArguments,
            Map<String, String> config) throws IOException {
        return spawn(executable, origin, leadingArguments, config, SpawnedRedisServer::freePort);
    }

    /** Where a server may listen: a port nothing listens on now, fresh at every attempt. */
    @FunctionalInterface
    interface Ports {
        int next() throws IOException;
    }

    /**
     * Like {@link #spawn(Path, String, List, Map)}, on ports from {@code ports}: a cluster node
     * needs one whose bus port (10000 higher) is free too.
     */
    static SpawnedRedisServer spawn(Path executable, String origin, List<String> leadingArguments,
            Map<String, String> config, Ports ports) throws IOException {
        for (int attempt = 1; ; attempt++) {
            SpawnedRedisServer server = new SpawnedRedisServer(
                    executable, origin, List.copyOf(leadingArguments), Map.copyOf(config), ports.next());
            try {
                server.start();
                return server;
            } catch (IllegalStateException e) {
                String log = server.log();
                server.close();
                // Another process may take the free port between our probe and Redis's bind.
                if (attempt == PORT_ATTEMPTS || !log.contains("Address already in use")) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }
    }

    /**
     * Starts the server again on the same port after {@link #stop()}; does nothing if it runs.
     * Returns once it answers {@code PING}.
     *
     * @throws IllegalStateException if it does not answer within 10 s; the message contains its log
     */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(leadingArguments);
        command.addAll(List.of("--port", Integer.toString(port), "--bind", LOOPBACK,
                "--save", "", "--appendonly", "no", "--dir", directory.toString()));
        config.forEach((name, value) -> command.addAll(List.of("--" + name, value)));
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage(), e);
        }
        awaitPong();
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL after 10 s) and waits until the process has exited,
     * so its port refuses connections. Does nothing if it is not running.
     */
    public synchronized void stop() {
        client.close();
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Freezes the process (SIGSTOP): connections stay open and nothing answers, as with a Redis
     * stuck on a slow disk or a network that drops packets. {@link #resume()} lets it go on.
     */
    public synchronized void pause() {
        signal("STOP");
    }

    /** Lets a {@link #pause() paused} process go on (SIGCONT). */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (process == null) {
            throw new IllegalStateException("redis-server is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " failed for redis-server");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling redis-server", e);
        }
    }

    /**
     * Kills the process with SIGKILL, as a crash or a lost machine would, and waits until it has
     * exited: no shutdown, no goodbye to replicas or clients. {@link #start()} brings it back on
     * the same port, empty. Does nothing if it is not running.
     */
    public synchronized void kill() {
        client.close();
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Creates the ACL user {@code username} with {@code password} ({@code ACL SETUSER}, replacing
     * a user of that name) and returns this server as that user sees it: its
     * {@link RedisServer#uri() uri} carries the user's credentials and its client logs in as the
     * user. The user is lost when the server restarts.
     *
     * @param rules ACL rules after {@code reset on >password}, e.g. {@code "~app:*", "+@all"}; a user
     *     without key patterns or commands can only log in
     */
    public RedisServer withUser(String username, String password, String... rules) {
        List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", username, "reset", "on", ">" + password));
        command.addAll(List.of(rules));
        client.command(command.toArray(String[]::new));
        return new AclUser(host(), port(), username, password,
                new RespClient(host(), port(), username, password, 0));
    }

    /** A server as one ACL user sees it. */
    private record AclUser(String host, int port, String username, String password, RespClient client)
            implements RedisServer {

        @Override
        public int database() {
            return 0;
        }

        @Override
        public String toString() {
            return "Redis at " + address() + " as user " + username;
        }
    }

    /** Whether the process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** What the server wrote to stdout and stderr since it was first started. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server for good and deletes its directory. */
    @Override
    public synchronized void close() {
        stop();
        LIVE.remove(this);
        deleteRecursively(directory);
    }

    @Override
    public String host() {
        return LOOPBACK;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String username() {
        return null;
    }

    @Override
    public String password() {
        return config.get("requirepass");
    }

    @Override
    public int database() {
        return 0;
    }

    @Override
    public RespClient client() {
        return client;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "Redis " + origin + " at " + address();
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        RuntimeException lastFailure = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw startupFailure("exited with status " + process.exitValue(), null);
            }
            try {
                client.command("PING");
                return;
            } catch (UncheckedIOException | RespClient.ErrorReply e) {
                // Not listening yet, or still loading: try again shortly.
                lastFailure = e;
            }
            sleep(Duration.ofMillis(20));
        }
        process.destroyForcibly();
        throw startupFailure("did not answer PING within " + STARTUP_TIMEOUT.toSeconds() + " s", lastFailure);
    }

    private IllegalStateException startupFailure(String what, RuntimeException cause) {
        return new IllegalStateException(executable + " (" + origin + ") on port " + port + " " + what
                + "; its log:\n" + log(), cause);
    }

    private void reap() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
        deleteRecursively(directory);
    }

    /** Deletes a directory tree as far as possible: leftovers in the temp directory are harmless. */
    static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Already gone, or not ours to delete: neither should fail a test.
        }
    }

    /** A port nothing listens on now on the loopback address; someone may take it before it is used. */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return probe.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis to start", e);
        }
    }
}
