package dev.portablesession.example.wildfly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * One stock WildFly standalone server, started from an unpacked distribution with {@code bin/standalone.sh}, with
 * a base directory of its own (a copy of {@code standalone/}) and a port offset, so that several run side by side
 * from one installation. A WAR copied into its {@code deployments} folder is deployed by the deployment scanner at
 * boot, as on a real server.
 *
 * <p>Stopping it sends SIGTERM to the launch script and the JVM (WildFly's graceful shutdown), then kills whatever
 * is left. A JVM shutdown hook kills it too if the test run ends without {@link #close()}.
 */
final class WildFlyServer implements AutoCloseable {

    /** WildFly's HTTP port before the offset, from {@code standalone.xml}. */
    static final int HTTP_PORT = 8080;

    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path baseDir;
    private final String warName;
    private final URI applicationUrl;
    private final Process process;
    /** The launch script and every process it started, collected while they live: the JVM may outlive the script. */
    private final Set<ProcessHandle> processes = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook;

    private WildFlyServer(String name, Path baseDir, String warName, URI applicationUrl, Process process) {
        this.name = name;
        this.baseDir = baseDir;
        this.warName = warName;
        this.applicationUrl = applicationUrl;
        this.process = process;
        this.shutdownHook = new Thread(this::kill, "stop-wildfly-" + name);
        processes.add(process.toHandle());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Prepares a fresh base directory, deploys {@code war} in it and launches the server; returns without waiting
     * for it, so that several servers boot at once. Call {@link #awaitDeployed(Duration)} next.
     *
     * @param home             the unpacked distribution
     * @param baseDir          the server's own directory, emptied first
     * @param portOffset       added to every port of {@code standalone.xml}
     * @param war              the WAR, deployed under its file name
     * @param environment      variables to set for the server; a {@code null} value removes one
     * @param systemProperties extra {@code -D} settings for the server
     */
    static WildFlyServer launch(String name, Path home, Path baseDir, int portOffset, Path war,
            Map<String, String> environment, Map<String, String> systemProperties) throws IOException {
        deleteRecursively(baseDir);
        copyRecursively(home.resolve("standalone").resolve("configuration"), baseDir.resolve("configuration"));
        Path deployments = Files.createDirectories(baseDir.resolve("deployments"));
        String warName = war.getFileName().toString();
        Files.copy(war, deployments.resolve(warName));

        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin").resolve("standalone.sh").toString(),
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + portOffset,
                "-Djboss.node.name=" + name,
                "-b", "127.0.0.1",
                "-bmanagement", "127.0.0.1"));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(baseDir.resolve("console.log").toFile());
        Map<String, String> env = builder.environment();
        // The JDK running the tests runs WildFly too.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("JAVA");
        env.remove("JAVA_OPTS");
        // Two servers on a small machine: a small heap, the collector made for small heaps, and the quick JIT only.
        // Booting is what these servers mostly do, and the optimising compiler's threads would compete for the
        // cores with it: deploying the WAR (indexing its jars) takes half the time without them.
        env.put("JBOSS_JAVA_SIZING", "-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        // The script then forwards SIGTERM to the JVM instead of leaving it running.
        env.put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        environment.forEach((key, value) -> {
            if (value == null) {
                env.remove(key);
            } else {
                env.put(key, value);
            }
        });
        String contextPath = warName.substring(0, warName.length() - ".war".length());
        URI url = URI.create("http://127.0.0.1:" + (HTTP_PORT + portOffset) + "/" + contextPath + "/");
        return new WildFlyServer(name, baseDir, warName, url, builder.start());
    }

    String name() {
        return name;
    }

    /** The root of the deployed application, ending with {@code /}. */
    URI applicationUrl() {
        return applicationUrl;
    }

    /**
     * Waits until the deployment scanner has deployed the WAR ({@code <war>.deployed} appears) and the application
     * answers HTTP.
     *
     * @throws IllegalStateException when the deployment failed, the server exited or the time ran out; the message
     *                               carries WildFly's reason and the end of its console
     */
    void awaitDeployed(Duration timeout) throws InterruptedException {
        Path deployments = baseDir.resolve("deployments");
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean deployed = false;
        while (System.nanoTime() < deadline) {
            collectProcesses();
            if (!process.isAlive()) {
                throw failure("exited with status " + process.exitValue() + " before deploying " + warName, null);
            }
            Path failed = deployments.resolve(warName + ".failed");
            if (Files.exists(failed)) {
                throw failure("could not deploy " + warName, failed);
            }
            deployed = deployed || Files.exists(deployments.resolve(warName + ".deployed"));
            if (deployed && answers()) {
                return;
            }
            Thread.sleep(200);
        }
        throw failure("did not deploy " + warName + " and answer at " + applicationUrl + " within " + timeout.toSeconds() + " s", null);
    }

    /** Stops the server gracefully, or kills it when that takes too long. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down; the hook stops the server.
        }
        collectProcesses();
        processes.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACEFUL_STOP.toNanos();
        for (ProcessHandle handle : processes) {
            long left = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // Still running after the grace period, or interrupted: killed below.
            }
        }
        kill();
    }

    private void kill() {
        collectProcesses();
        processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void collectProcesses() {
        process.descendants().forEach(processes::add);
    }

    private boolean answers() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(applicationUrl).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private IllegalStateException failure(String what, Path reason) {
        StringBuilder message = new StringBuilder("WildFly ").append(name).append(' ').append(what);
        try {
            if (reason != null) {
                message.append(": ").append(Files.readString(reason, StandardCharsets.UTF_8).strip());
            }
            List<String> console = Files.readAllLines(baseDir.resolve("console.log"), StandardCharsets.UTF_8);
            message.append("\nlast lines of ").append(baseDir.resolve("console.log")).append(":\n")
                    .append(String.join("\n", console.subList(Math.max(0, console.size() - 40), console.size())));
        } catch (IOException e) {
            message.append(" (console unreadable: ").append(e).append(')');
        }
        return new IllegalStateException(message.toString());
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
