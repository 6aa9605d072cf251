package dev.portablesession.internal.filter;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.internal.event.RequestSummary;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.event.StoreCall;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records every event as one line, for tests to compare against the expected sequence. */
final class RecordingEvents implements SessionEvents {

    private final List<String> lines = new ArrayList<>();
    private final List<StoreCall> storeCalls = new ArrayList<>();
    private final List<RequestSummary> requests = new ArrayList<>();

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines that start with one of {@code prefixes}. */
    synchronized List<String> lines(String... prefixes) {
        Predicate<String> wanted = line -> List.of(prefixes).stream().anyMatch(line::startsWith);
        return lines.stream().filter(wanted).toList();
    }

    synchronized List<StoreCall> storeCalls() {
        return List.copyOf(storeCalls);
    }

    /** The requests reported done; kept apart from {@link #lines()}, which list what happened within them. */
    synchronized List<RequestSummary> requests() {
        return List.copyOf(requests);
    }

    synchronized void clear() {
        lines.clear();
        storeCalls.clear();
        requests.clear();
    }

    @Override
    public synchronized void requestCompleted(RequestSummary request) {
        requests.add(request);
    }

    private synchronized void add(String line) {
        lines.add(line);
    }

    @Override
    public void sessionCreated(HttpSession session) {
        add("created");
    }

    @Override
    public void sessionNotFound(String requestUri) {
        add("not-found " + requestUri);
    }

    @Override
    public void valueBound(HttpSession session, String name, Object value) {
        add("bound " + name + "=" + value);
    }

    @Override
    public void valueUnbound(HttpSession session, String name, Object value) {
        add("unbound " + name + "=" + value);
    }

    @Override
    public void attributeAdded(HttpSession session, String name, Object value) {
        add("added " + name + "=" + value);
    }

    @Override
    public void attributeReplaced(HttpSession session, String name, Object oldValue) {
        add("replaced " + name + " was " + oldValue);
    }

    @Override
    public void attributeRemoved(HttpSession session, String name, Object value) {
        add("removed " + name + "=" + value);
    }

    @Override
    public void sessionIdChanged(HttpSession session, String oldId) {
        add("id-changed");
    }

    @Override
    public void sessionInvalidated(HttpSession session) {
        add("invalidated");
    }

    @Override
    public void storeCall(StoreCall call) {
        synchronized (this) {
            storeCalls.add(call);
        }
        add("store " + call.operation() + " " + call.outcome());
    }

    @Override
    public void outageStarted(String reason) {
        add("outage-started");
    }

    @Override
    public void outageEnded(long downNanos) {
        add("outage-ended");
    }

    @Override
    public void lockWaited(String sessionId, long nanos, int attempts, boolean acquired) {
        add("lock-waited " + (acquired ? "acquired" : "gave-up"));
    }

    @Override
    public void lockLost(String sessionId, String requestUri) {
        add("lock-lost " + requestUri);
    }

    @Override
    public void decodeFailed(String name, RuntimeException cause, DecodeFailurePolicy policy) {
        add("decode-failed " + name + " " + policy.configValue());
    }

    @Override
    public void encodeRefused(String name, AttributeEncodingException cause, boolean atSave) {
        add("encode-refused " + name + (atSave ? " at save" : ""));
    }

    @Override
    public void asyncSaveFailed(String requestUri, RuntimeException cause) {
        add("async-save-failed " + requestUri);
    }

    @Override
    public void cookieNotSent(String requestUri) {
        add("cookie-not-sent " + requestUri);
    }
}
