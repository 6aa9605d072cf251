package dev.portablesession.internal.store;

/**
 * How long the request running on this thread may still wait on the store in all
 * ({@code redis.request-budget}): each store call waits at most what is left, and what it waited
 * is taken off. Time the application spends between calls does not count. A thread without a
 * request's budget (the expiry poller, a save at the end of async processing on a container
 * thread) gives each call the whole budget.
 */
public final class StoreBudget {

    private static final ThreadLocal<long[]> LEFT = new ThreadLocal<>();

    private StoreBudget() {
    }

    /**
     * Starts a request's budget on this thread; {@link #end} must follow in a finally block.
     *
     * @return the budget this one interrupts (a dispatch the container runs inside another
     *     request's), to hand to {@link #end}; usually null
     */
    public static long[] start(long budgetNanos) {
        long[] outer = LEFT.get();
        LEFT.set(new long[] {budgetNanos});
        return outer;
    }

    /** Ends the request's budget on this thread, going back to the one it interrupted, if any. */
    public static void end(long[] outer) {
        if (outer == null) {
            LEFT.remove();
        } else {
            LEFT.set(outer);
        }
    }

    /** @return what the request on this thread may still wait, or {@code perCall} without one */
    public static long leftNanos(long perCall) {
        long[] left = LEFT.get();
        return left == null ? perCall : left[0];
    }

    /** Takes what a call waited off the request's budget, if one runs on this thread. */
    public static void spent(long nanos) {
        long[] left = LEFT.get();
        if (left != null) {
            left[0] -= nanos;
        }
    }
}
