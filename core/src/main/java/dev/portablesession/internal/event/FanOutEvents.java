package dev.portablesession.internal.event;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.DecodeFailurePolicy;
import jakarta.servlet.http.HttpSession;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands each event to every implementation in turn. One that throws is logged and skipped: it
 * breaks neither the others, nor the request, nor the save.
 */
public final class FanOutEvents implements SessionEvents {

    private static final System.Logger LOG = System.getLogger("dev.portablesession");

    private final List<SessionEvents> targets;

    /** @param targets called in this order */
    public FanOutEvents(List<SessionEvents> targets) {
        this.targets = List.copyOf(targets);
    }

    private void each(String event, Consumer<SessionEvents> call) {
        for (SessionEvents target : targets) {
            try {
                call.accept(target);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a session " + event + " handler (" + target.getClass().getName()
                        + ") failed; the request goes on", e);
            }
        }
    }

    @Override
    public void sessionCreated(HttpSession session) {
        each("created", e -> e.sessionCreated(session));
    }

    @Override
    public void sessionNotFound(String requestUri) {
        each("not-found", e -> e.sessionNotFound(requestUri));
    }

    @Override
    public void valueLoaded(HttpSession session, String name, Object value) {
        each("value-loaded", e -> e.valueLoaded(session, name, value));
    }

    @Override
    public void valueStoring(HttpSession session, String name, Object value) {
        each("value-storing", e -> e.valueStoring(session, name, value));
    }

    @Override
    public void valueBound(HttpSession session, String name, Object value) {
        each("value-bound", e -> e.valueBound(session, name, value));
    }

    @Override
    public void valueUnbound(HttpSession session, String name, Object value) {
        each("value-unbound", e -> e.valueUnbound(session, name, value));
    }

    @Override
    public void attributeAdded(HttpSession session, String name, Object value) {
        each("attribute-added", e -> e.attributeAdded(session, name, value));
    }

    @Override
    public void attributeReplaced(HttpSession session, String name, Object oldValue) {
        each("attribute-replaced", e -> e.attributeReplaced(session, name, oldValue));
    }

    @Override
    public void attributeRemoved(HttpSession session, String name, Object value) {
        each("attribute-removed", e -> e.attributeRemoved(session, name, value));
    }

    @Override
    public void sessionIdChanged(HttpSession session, String oldId) {
        each("id-changed", e -> e.sessionIdChanged(session, oldId));
    }

    @Override
    public void sessionInvalidated(HttpSession session) {
        each("invalidated", e -> e.sessionInvalidated(session));
    }

    @Override
    public void requestCompleted(RequestSummary request) {
        each("request-completed", e -> e.requestCompleted(request));
    }

    @Override
    public void sessionExpired(HttpSession session) {
        each("expired", e -> e.sessionExpired(session));
    }

    /** Whether any implementation wants expiry events. */
    @Override
    public boolean wantsExpiryEvents() {
        return targets.stream().anyMatch(SessionEvents::wantsExpiryEvents);
    }

    @Override
    public void storeCall(StoreCall call) {
        each("store-call", e -> e.storeCall(call));
    }

    @Override
    public void outageStarted(String reason) {
        each("outage-started", e -> e.outageStarted(reason));
    }

    @Override
    public void otherFormat(String reason) {
        each("other-format", e -> e.otherFormat(reason));
    }

    @Override
    public void storeFull(String reason) {
        each("store-full", e -> e.storeFull(reason));
    }

    @Override
    public void degraded() {
        each("degraded", SessionEvents::degraded);
    }

    @Override
    public void reconciled(int written, int created, int deleted, int dropped) {
        each("reconciled", e -> e.reconciled(written, created, deleted, dropped));
    }

    @Override
    public void outageEnded(long downNanos) {
        each("outage-ended", e -> e.outageEnded(downNanos));
    }

    @Override
    public void lockWaited(String sessionId, long nanos, int attempts, boolean acquired) {
        each("lock-waited", e -> e.lockWaited(sessionId, nanos, attempts, acquired));
    }

    @Override
    public void lockLost(String sessionId, String requestUri) {
        each("lock-lost", e -> e.lockLost(sessionId, requestUri));
    }

    @Override
    public void decodeFailed(String name, RuntimeException cause, DecodeFailurePolicy policy) {
        each("decode-failed", e -> e.decodeFailed(name, cause, policy));
    }

    @Override
    public void encodeRefused(String name, AttributeEncodingException cause, boolean atSave) {
        each("encode-refused", e -> e.encodeRefused(name, cause, atSave));
    }

    @Override
    public void asyncSaveFailed(String requestUri, RuntimeException cause) {
        each("async-save-failed", e -> e.asyncSaveFailed(requestUri, cause));
    }

    @Override
    public void registeredTwice(String requestUri) {
        each("registered-twice", e -> e.registeredTwice(requestUri));
    }

    @Override
    public void cookieNotSent(String requestUri) {
        each("cookie-not-sent", e -> e.cookieNotSent(requestUri));
    }
}
