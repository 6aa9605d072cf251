package dev.portablesession.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.Browser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's one command, for real: {@code java -jar target/jetty-example.jar} in a child process, with no
 * Redis given, so the embedded development Redis starts (and must stop again on exit).
 */
class RunnableJarIT {

    private static final Path JAR = Path.of(System.getProperty("jetty-example.jar", "target/jetty-example.jar"));
    private static final Pattern OPEN = Pattern.compile("^Open (http://\\S+)$");
    /** Queued after the child's last stdout line. */
    private static final String END = "\u0000end";
    private static final Pattern EMBEDDED_REDIS = Pattern.compile("^Redis\\s+redis://127\\.0\\.0\\.1:(\\d+) \\(embedded");

    @Test
    void theJarStartsTheShopBehindABalancerAndStopsEverythingOnExit() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the package phase");
        Process process = java("-jar", JAR.toString(), "--port", "0");
        int redisPort = -1;
        List<ProcessHandle> children = List.of();
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> readLines(process, lines), "jar-stdout");
            reader.setDaemon(true);
            reader.start();

            URI url = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            StringBuilder output = new StringBuilder();
            while (url == null) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(END)) {
                    throw new AssertionError("no \"Open <url>\" line; exit=" + (process.isAlive() ? "running" : process.exitValue())
                            + ", output so far:\n" + output + "\nstderr: " + stderr());
                }
                output.append(line).append('\n');
                Matcher redis = EMBEDDED_REDIS.matcher(line);
                if (redis.find()) {
                    redisPort = Integer.parseInt(redis.group(1));
                }
                Matcher open = OPEN.matcher(line);
                if (open.matches()) {
                    url = URI.create(open.group(1));
                }
            }
            assertTrue(redisPort > 0, "the startup output names the embedded Redis:\n" + output);
            children = process.descendants().toList();

            Browser browser = new Browser(url);
            Browser.Response login = browser.post("/login", Map.of("user", "erin"));
            assertEquals(302, login.status(), login.body());
            Browser.Response home = browser.follow(login);
            assertEquals(200, home.status());
            assertNotEquals(login.servedBy(), home.servedBy());
            assertTrue(home.body().contains("<strong id=\"user\">erin</strong>"), home.body());

            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the demo stops on SIGTERM");
            assertFalse(accepts(redisPort), "the embedded Redis on port " + redisPort + " stopped with the demo");
        } finally {
            kill(process);
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void badFlagsPrintTheProblemAndTheUsageAndExitWith2() throws Exception {
        Process process = java("-jar", JAR.toString(), "--nodes", "0");
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, process.exitValue());
            String err = stderr();
            assertTrue(err.contains("--nodes must be from 1 to 16, not 0"), err);
            assertTrue(err.contains("Usage: java -jar jetty-example.jar"), err);
        } finally {
            kill(process);
        }
    }

    @Test
    void helpPrintsTheUsage() throws Exception {
        Process process = java("-jar", JAR.toString(), "--help");
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
            assertTrue(out.contains("--redis URL"), out);
        } finally {
            kill(process);
        }
    }

    private static Path stderrFile() {
        return JAR.resolveSibling("jetty-example-it.err");
    }

    private static String stderr() throws IOException {
        return Files.readString(stderrFile(), StandardCharsets.UTF_8);
    }

    private static Process java(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(stderrFile().toFile());
        builder.environment().remove("REDIS_URL");
        return builder.start();
    }

    private static void readLines(Process process, BlockingQueue<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process went away; END below tells the waiting test.
        }
        lines.add(END);
    }

    /** Always, even when the test failed: no demo (or its Redis) may outlive the build. */
    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
