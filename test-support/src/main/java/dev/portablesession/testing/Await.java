package dev.portablesession.testing;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling until a Redis topology reaches a state, for the helpers that start one. */
final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Polls {@code condition} until it holds; a server that does not answer yet, or answers with
     * an error, counts as not yet.
     *
     * @param what the state waited for, for the message
     * @throws IllegalStateException after {@code timeout}, naming {@code what} and the last failure
     */
    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (UncheckedIOException | RespClient.ErrorReply e) {
                last = e;
            }
            pause();
        }
        throw new IllegalStateException("waited " + timeout.toSeconds() + " s in vain for " + what, last);
    }

    static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        }
    }
}
