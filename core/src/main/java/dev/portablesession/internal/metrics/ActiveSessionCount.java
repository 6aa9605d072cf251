package dev.portablesession.internal.metrics;

import dev.portablesession.SessionStoreException;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * The number of active sessions, asked of Redis at most once per {@code maxAgeNanos}: a scraper
 * polling every second, or several of them, costs Redis one count per period, and the value is
 * at most that old.
 */
public final class ActiveSessionCount {

    /** Reported when the count is not known: no expiry index to count from, or Redis did not answer. */
    public static final long UNKNOWN = -1;

    private final LongFunction<OptionalLong> count;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private long value = UNKNOWN;
    private long countedAt;
    private boolean counted;

    /**
     * @param count counts in the store at the given epoch milliseconds; empty when it cannot
     * @param maxAgeNanos how long one count is reported before the store is asked again
     * @param nanoClock {@link System#nanoTime()}, or a test's clock
     */
    public ActiveSessionCount(LongFunction<OptionalLong> count, long maxAgeNanos, LongSupplier nanoClock) {
        this.count = count;
        this.maxAgeNanos = maxAgeNanos;
        this.nanoClock = nanoClock;
    }

    /** Synchronized so that concurrent readers wait for the one count instead of each sending one. */
    synchronized long get() {
        long now = nanoClock.getAsLong();
        if (!counted || now - countedAt >= maxAgeNanos) {
            value = countNow();
            countedAt = now;
            counted = true;
        }
        return value;
    }

    private long countNow() {
        try {
            return count.apply(System.currentTimeMillis()).orElse(UNKNOWN);
        } catch (SessionStoreException e) {
            return UNKNOWN;
        }
    }
}
