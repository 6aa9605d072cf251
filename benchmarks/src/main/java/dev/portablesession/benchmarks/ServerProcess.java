package dev.portablesession.benchmarks;

import dev.portablesession.benchmarks.app.BenchServer;
import dev.portablesession.benchmarks.app.Variant;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server under test ({@link BenchServer}) in a JVM of its own, optionally pinned to one CPU,
 * with its output in a log file. Closing it closes the server's standard input, which stops it.
 */
final class ServerProcess implements AutoCloseable {

    /**
     * The server JVM's options: a fixed heap, touched at start so no variant pays for the kernel
     * zeroing its pages on first use, and the usual collector.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC");

    private final Process process;
    private final int port;
    private final Path log;
    /** The server's answers to {@link #compilationMillis}, taken out of its output. */
    private final BlockingQueue<Long> compiled;

    private ServerProcess(Process process, int port, Path log, BlockingQueue<Long> compiled) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.compiled = compiled;
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @param cpu the CPU to pin it to, or null
     */
    static ServerProcess start(int redisPort, List<Variant> variants, Integer cpu, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(tool("java"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchServer.class.getName(),
                Integer.toString(redisPort)));
        variants.forEach(v -> command.add(v.key()));
        ProcessBuilder builder = new ProcessBuilder(cpu == null ? command : Cpus.pinned(cpu, command));
        // The library reads REDIS_URL and PORTABLESESSION_* over its init-params: they must not redirect it.
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.equals("REDIS_URL") || name.startsWith("PORTABLESESSION_"));
        Files.createDirectories(log.toAbsolutePath().getParent());
        builder.redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("READY ")) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            line = null;
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the benchmark server did not start; see " + log);
        }
        BlockingQueue<Long> compiled = new LinkedBlockingQueue<>();
        Thread drain = new Thread(() -> copy(out, log, compiled), "server-stdout");
        drain.setDaemon(true);
        drain.start();
        return new ServerProcess(process, Integer.parseInt(line.substring("READY ".length()).trim()), log, compiled);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** How long the server's JIT compilers have worked since it started, milliseconds. */
    long compilationMillis() throws IOException {
        try {
            process.getOutputStream().write('c');
            process.getOutputStream().flush();
            Long millis = compiled.poll(10, TimeUnit.SECONDS);
            if (millis == null) {
                throw new IOException("the benchmark server did not report its compilation time; see " + log);
            }
            return millis;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Starts a Java Flight Recording (profile settings) in the server. */
    void startRecording() throws IOException {
        jcmd("JFR.start", "name=benchmark", "settings=profile");
    }

    /** Stops the recording and writes it to {@code file}. */
    void stopRecording(Path file) throws IOException {
        jcmd("JFR.stop", "name=benchmark", "filename=" + file.toAbsolutePath());
    }

    private void jcmd(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(tool("jcmd"), Long.toString(process.pid())));
        command.addAll(List.of(arguments));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(BufferedReader out, Path log, BlockingQueue<Long> compiled) {
        try (PrintStream file = new PrintStream(Files.newOutputStream(log.resolveSibling(log.getFileName() + ".out")),
                true, StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(BenchServer.COMPILED)) {
                    compiled.add(Long.parseLong(line.substring(BenchServer.COMPILED.length()).trim()));
                } else {
                    file.println(line);
                }
            }
        } catch (IOException e) {
            // The server has gone; its output with it.
        }
    }
}
