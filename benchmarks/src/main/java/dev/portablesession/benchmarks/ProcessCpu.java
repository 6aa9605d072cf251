package dev.portablesession.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, from {@code /proc/<pid>/stat}: user plus system time. Per request,
 * it is the cost of a variant, less sensitive than throughput to what else the machine runs.
 */
final class ProcessCpu {

    /** Clock ticks per second of {@code /proc} times; 100 on every common Linux. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** CPU time used between two readings of {@link #nanos}, or -1 if either is unknown. */
    static long used(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    /** CPU time used so far in nanoseconds, or -1 where {@code /proc} does not tell. */
    static long nanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name, in parentheses, may contain spaces: fields are counted after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
