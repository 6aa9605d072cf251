package dev.portablesession.internal.filter;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.internal.event.RequestSummary;
import dev.portablesession.internal.event.SessionEvents;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The library's log lines, as one implementation of the event seam. Everything goes to the
 * logger {@code dev.portablesession}; ids are abbreviated, values never logged.
 */
final class LoggingEvents implements SessionEvents {

    /** Whether the outage now is the store refusing writes for memory, for the line that ends it. */
    private volatile boolean full;
    private volatile boolean otherFormatLogged;

    /** Every class of the library logs under this name, so one logging setting covers them all. */
    static final System.Logger LOG = System.getLogger("dev.portablesession");

    /** Bounds the memory spent on remembering which decode failures were already logged. */
    private static final int MAX_REPORTED = 1000;

    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private volatile boolean warnedRegisteredTwice;

    /** At debug level, one line per request that used the store: what it sent and what that cost. */
    @Override
    public void requestCompleted(RequestSummary request) {
        if (request.storeCalls().isEmpty() || !LOG.isLoggable(Level.DEBUG)) {
            return;
        }
        StringJoiner calls = new StringJoiner(", ", " (", ")");
        request.storeCalls().forEach(call -> calls.add(call.operation().name().toLowerCase(Locale.ROOT) + " "
                + call.outcome().name().toLowerCase(Locale.ROOT) + " " + millis(call.nanos())));
        LOG.log(Level.DEBUG, "request " + request.requestUri() + ", session "
                + (request.sessionId() == null ? "none" : SessionFacade.abbreviated(request.sessionId())) + ": "
                + request.storeCalls().size() + " Redis round trips in " + millis(request.storeNanos()) + calls + ", "
                + request.bytesSent() + " bytes sent, " + request.bytesReceived() + " received");
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private final boolean degrades;

    /** Logging for {@code redis.down-policy=fail}. */
    LoggingEvents() {
        this(false);
    }

    /** @param degrades whether {@code redis.down-policy} is {@code degrade} */
    LoggingEvents(boolean degrades) {
        this.degrades = degrades;
    }

    @Override
    public void outageStarted(String reason) {
        LOG.log(Level.WARNING, reason + (degrades
                ? "; sessions are served from this server's memory until it answers (redis.down-policy=degrade)"
                : "; requests that need a session get 503 until it answers"));
    }

    @Override
    public void reconciled(int written, int created, int deleted, int dropped) {
        LOG.log(dropped > 0 ? Level.WARNING : Level.INFO, "sessions served from this server's memory while Redis "
                + "did not answer are reconciled: " + written + " written back, " + created + " created, " + deleted
                + " invalidated, " + dropped + " dropped (changes to sessions that had changed in Redis since, or that "
                + "were gone from it); requests use Redis again");
    }

    /** Once per filter: every request on such a session meets it again until all servers run one version. */
    @Override
    public void otherFormat(String reason) {
        if (!otherFormatLogged) {
            otherFormatLogged = true;
            LOG.log(Level.WARNING, reason + "; requests on such sessions get 503 until every server runs the same "
                    + "version (logged once)");
        }
    }

    @Override
    public void storeFull(String reason) {
        full = true;
        LOG.log(Level.WARNING, reason + "; requests that only read get their session (their expiry not moved), "
                + "requests that change one get 503 until Redis has memory again");
    }

    @Override
    public void outageEnded(long downNanos) {
        boolean wasFull = full;
        full = false;
        LOG.log(Level.INFO, (wasFull ? "session store accepts writes again after " : "session store answers again after ")
                + TimeUnit.NANOSECONDS.toMillis(downNanos) + " ms; sessions are available");
    }

    @Override
    public void lockWaited(String sessionId, long nanos, int attempts, boolean acquired) {
        if (!acquired) {
            LOG.log(Level.WARNING, "session " + SessionFacade.abbreviated(sessionId) + " stayed locked by other requests for "
                    + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms (" + attempts + " attempts), longer than lock.wait-timeout;"
                    + " the request gets 503");
        }
    }

    @Override
    public void lockLost(String sessionId, String requestUri) {
        LOG.log(Level.WARNING, "the changes " + requestUri + " made to session " + SessionFacade.abbreviated(sessionId)
                + " were discarded: the request outlived its lock.lease and another request holds the session lock now");
    }

    /** Once per attribute and cause, not on every request. */
    @Override
    public void decodeFailed(String name, RuntimeException cause, DecodeFailurePolicy policy) {
        String key = name + '\u0000' + cause.getMessage();
        if (reported.size() < MAX_REPORTED && reported.add(key)) {
            String consequence = switch (policy) {
                case DROP -> "the attribute is treated as absent and stays stored; the rest of the session works";
                case REMOVE -> "the attribute is removed from the session; the rest of the session works";
                case FAIL -> "reading it fails the request";
            };
            LOG.log(Level.WARNING, cause.getMessage() + "; " + consequence + " (setting attribute.decode-failure="
                    + policy.configValue() + ")");
        }
    }

    @Override
    public void encodeRefused(String name, AttributeEncodingException cause, boolean atSave) {
        if (atSave) {
            LOG.log(Level.WARNING, cause.getMessage() + "; it was changed in place after setAttribute, the change is not saved");
        }
    }

    @Override
    public void asyncSaveFailed(String requestUri, RuntimeException cause) {
        LOG.log(Level.WARNING, "session changes made after the response of async request " + requestUri
                + " could not be saved: " + cause.getMessage());
    }

    /** Once: the cause is in the deployment, not in one request. */
    @Override
    public void registeredTwice(String requestUri) {
        if (!warnedRegisteredTwice) {
            warnedRegisteredTwice = true;
            LOG.log(Level.WARNING, "RedisSessionFilter is registered twice for " + requestUri
                    + " (for example in web.xml and by annotation or code); the second registration does nothing."
                    + " Remove one of them");
        }
    }

    @Override
    public void cookieNotSent(String requestUri) {
        LOG.log(Level.WARNING, "the response to " + requestUri
                + " was committed before the session cookie could be set; the client keeps its old session id");
    }
}
