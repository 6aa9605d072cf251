package dev.portablesession.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pins processes to CPUs with {@code taskset}, so the server under test has a CPU of its own and
 * Redis and the load generator share the other: they then compete with each other, not with the
 * server being measured.
 */
final class Cpus {

    private Cpus() {
    }

    /**
     * The CPUs this process may run on, from {@code taskset -pc}; empty when taskset is missing or
     * does not answer (then nothing is pinned).
     */
    static List<Integer> allowed() {
        try {
            String output = run(List.of("taskset", "-pc", Long.toString(ProcessHandle.current().pid())));
            // "pid 123's current affinity list: 0,1" or "0-3,6"
            String list = output.substring(output.lastIndexOf(':') + 1).trim();
            List<Integer> cpus = new ArrayList<>();
            for (String part : list.split(",")) {
                String[] range = part.trim().split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                for (int cpu = from; cpu <= to; cpu++) {
                    cpus.add(cpu);
                }
            }
            return cpus;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Pins every thread of a running process, and the threads it starts later, to one CPU. */
    static void pin(long pid, int cpu) {
        try {
            run(List.of("taskset", "-a", "-p", "-c", Integer.toString(cpu), Long.toString(pid)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot pin process " + pid + " to CPU " + cpu + ": " + e.getMessage()
                    + " (run with --no-pin to skip pinning)", e);
        }
    }

    /** The command, to be started on one CPU. */
    static List<String> pinned(int cpu, List<String> command) {
        List<String> pinned = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu)));
        pinned.addAll(command);
        return pinned;
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.trim());
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            process.destroy();
        }
    }
}
