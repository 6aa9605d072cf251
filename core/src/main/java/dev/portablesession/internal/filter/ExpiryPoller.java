package dev.portablesession.internal.filter;

import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.session.StoredSession;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One background thread per filter that claims this server's share of expired sessions and fires
 * their expiry events: every poll interval it asks the store for sessions past their due time
 * (a claim excludes the other servers), fires each one's {@code sessionExpired}, unbinding and
 * removals with the application's class loader, then has the store delete them all at once. A claim whose
 * server dies before the delete is claimed again by another server after {@link #CLAIM_MILLIS}.
 */
final class ExpiryPoller implements Runnable {

    /** How long a claim excludes the other servers: the expiry events of one session must be done by then. */
    static final long CLAIM_MILLIS = 60_000;
    /** About how many sessions one claim takes at most; the poller claims again at once while any come. */
    static final int CLAIM_LIMIT = 1024;

    private final SessionManager manager;
    private final long intervalMillis;
    private final ClassLoader classLoader;
    private final Thread thread;
    private volatile boolean stopped;

    ExpiryPoller(SessionManager manager, Duration interval, ClassLoader classLoader, String name) {
        this.manager = manager;
        this.intervalMillis = interval.toMillis();
        this.classLoader = classLoader;
        this.thread = new Thread(this, "portable-session-expiry " + name);
        thread.setDaemon(true);
        thread.setContextClassLoader(classLoader);
    }

    void start() {
        thread.start();
    }

    /** Stops the thread and waits, briefly, for the poll under way to end. */
    void stop() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                while (!stopped && pollOnce() > 0) {
                    // More may be due: claim again without waiting.
                }
            } catch (SessionStoreException e) {
                // Reported as an outage by the monitored store; the next poll tries again.
            } catch (RuntimeException e) {
                LoggingEvents.LOG.log(Level.WARNING, "the expiry poller failed; it polls again in "
                        + intervalMillis + " ms", e);
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Claims and reports the sessions due now. @return how many */
    int pollOnce() {
        List<StoredSession> claimed = manager.store().claimExpired(System.currentTimeMillis(), CLAIM_LIMIT, CLAIM_MILLIS);
        List<String> done = new ArrayList<>(claimed.size());
        for (StoredSession session : claimed) {
            if (stopped) {
                // Unfinished claims go to another server (or this one, restarted) when they run out.
                break;
            }
            Thread.currentThread().setContextClassLoader(classLoader);
            SessionFacade.loaded(manager, session).expire();
            done.add(session.id());
        }
        // One round trip for the whole poll; a crash before it fires these again elsewhere: at least once.
        manager.store().finishExpired(done);
        return claimed.size();
    }
}
