package dev.portablesession.internal.filter;

import dev.portablesession.LockMode;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.store.LockAttempt;
import dev.portablesession.internal.store.SessionStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code lock.mode=exclusive}: which requests take the session lock, and waiting for it.
 */
final class SessionLocking {

    /** First pause between attempts; doubles up to {@link #MAX_PAUSE_MILLIS}. */
    private static final long FIRST_PAUSE_MILLIS = 2;
    private static final long MAX_PAUSE_MILLIS = 50;

    private final SessionStore store;
    private final SessionEvents events;
    private final boolean exclusive;
    private final long leaseMillis;
    private final long waitNanos;
    private final UrlPatterns excluded;

    SessionLocking(SessionStore store, Settings settings, SessionEvents events) {
        this.store = store;
        this.events = events;
        this.exclusive = settings.lockMode() == LockMode.EXCLUSIVE;
        this.leaseMillis = settings.lockLease().toMillis();
        this.waitNanos = settings.lockWaitTimeout().toNanos();
        this.excluded = new UrlPatterns(settings.lockExclude());
    }

    /** Whether this request must hold the session lock while it uses the session. */
    boolean appliesTo(HttpServletRequest request) {
        if (!exclusive) {
            return false;
        }
        if (excluded.isEmpty()) {
            return true;
        }
        String uri = request.getRequestURI();
        String contextPath = request.getContextPath();
        String path = contextPath != null && uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
        return !excluded.matches(path.isEmpty() ? "/" : path);
    }

    /**
     * Takes the lock and loads the session, polling with growing pauses while another request
     * holds it.
     *
     * @throws SessionBusyException when the lock stays taken for longer than the wait timeout
     */
    LockAttempt lockAndLoad(String id) {
        long start = System.nanoTime();
        long deadline = start + waitNanos;
        long pause = FIRST_PAUSE_MILLIS;
        for (int attempts = 1; ; attempts++) {
            LockAttempt attempt = store.lockAndLoad(id, System.currentTimeMillis(), leaseMillis);
            if (attempt.acquired()) {
                if (attempts > 1) {
                    events.lockWaited(id, System.nanoTime() - start, attempts, true);
                }
                return attempt;
            }
            // Jitter keeps waiters on different servers from polling in lockstep.
            long sleep = pause + ThreadLocalRandom.current().nextLong(pause + 1);
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sleep) - deadline > 0) {
                events.lockWaited(id, System.nanoTime() - start, attempts, false);
                throw new SessionBusyException("session " + SessionFacade.abbreviated(id)
                        + " stayed locked by other requests for longer than lock.wait-timeout ("
                        + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms)");
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SessionBusyException("interrupted while waiting for the lock of session "
                        + SessionFacade.abbreviated(id));
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }
}
