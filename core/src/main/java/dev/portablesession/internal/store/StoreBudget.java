package dev.portablesession.internal.store;

/**
 * How long the request running on this thread may still wait on the store in all
 * ({@code redis.request-budget}): each store call waits at most what is left, and what it waited
 * is taken off. Time the application spends between calls does not count. One request keeps one
 * budget across its dispatches and the save at the end of its async processing, whichever thread
 * runs them ({@link #enter}). A thread without a request's budget (the expiry poller, the degrade
 * probe) gives each call the whole budget.
 */
public final class StoreBudget {

    private static final ThreadLocal<long[]> LEFT = new ThreadLocal<>();

    private StoreBudget() {
    }

    /**
     * Continues a request's budget on this thread: the one {@link #newBudget} made for it when it
     * began, so every dispatch and the end of its async processing draw on what is left of it;
     * {@link #end} must follow in a finally block.
     *
     * @return the budget this one interrupts, to hand to {@link #end}; usually null
     */
    public static long[] enter(long[] budget) {
        long[] outer = LEFT.get();
        LEFT.set(budget);
        return outer;
    }

    /** A request's budget, for {@link #enter}: {@code budgetNanos} left. */
    public static long[] newBudget(long budgetNanos) {
        return new long[] {budgetNanos};
    }

    /**
     * Ends the request's budget on this thread, going back to the one it interrupted, if any. The
     * thread keeps its entry, empty: removing it and adding it again on the next request would
     * cost every request an allocation and a rehash of the thread's map, and an empty entry holds
     * nothing of the application's.
     */
    public static void end(long[] outer) {
        LEFT.set(outer);
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
