package dev.portablesession.containers;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a request running until the test lets it go, so a test can act while the server is
 * still inside the request: no sleeps, no timing bounds. The servers run in the test's JVM.
 */
public final class Holds {

    private static final Duration LONGEST = Duration.ofSeconds(30);
    private static final ConcurrentMap<String, Hold> HOLDS = new ConcurrentHashMap<>();

    private Holds() {
    }

    /** Server side: publishes the request's session id, then waits for {@link #release}. */
    static void hold(String token, String sessionId) {
        Hold hold = HOLDS.computeIfAbsent(token, t -> new Hold());
        hold.sessionId = sessionId;
        hold.arrived.countDown();
        try {
            if (!hold.released.await(LONGEST.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("hold " + token + " was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hold.done = true;
        }
    }

    /** Test side: waits until the request holds, and returns the session id it published. */
    public static String awaitHeld(String token) throws InterruptedException {
        Hold hold = HOLDS.computeIfAbsent(token, t -> new Hold());
        if (!hold.arrived.await(LONGEST.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the request never reached hold " + token);
        }
        return hold.sessionId;
    }

    /** Whether the request is still held, that is, still running inside the servlet. */
    public static boolean isHeld(String token) {
        Hold hold = HOLDS.get(token);
        return hold != null && hold.arrived.getCount() == 0 && hold.released.getCount() == 1 && !hold.done;
    }

    /** Lets the request finish. */
    public static void release(String token) {
        HOLDS.computeIfAbsent(token, t -> new Hold()).released.countDown();
    }

    private static final class Hold {
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        volatile String sessionId;
        volatile boolean done;
    }
}
