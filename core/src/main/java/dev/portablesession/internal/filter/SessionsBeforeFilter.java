package dev.portablesession.internal.filter;

import dev.portablesession.internal.store.StoreBudget;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * A started filter's sessions, for code the container runs before any filter: a Jakarta
 * Authentication module (portable-session-jaspic) sees the container's own request, on which
 * {@code getSession()} returns the container's session, not the one in Redis. Through this it
 * works on the request's session as the filter will: the state it opens travels on the request,
 * and the filter, when it runs, takes it over as its own first pass, so the session is loaded at
 * most once per request. Internal: for the library's modules, not for applications.
 */
public final class SessionsBeforeFilter {

    /** The context attribute under which a started filter publishes its sessions. */
    private static final String ATTRIBUTE = SessionsBeforeFilter.class.getName();

    private final SessionManager manager;
    private final long requestBudgetNanos;

    SessionsBeforeFilter(SessionManager manager, long requestBudgetNanos) {
        this.manager = manager;
        this.requestBudgetNanos = requestBudgetNanos;
    }

    /** What the caller does with the request and response as the filter wraps them. */
    @FunctionalInterface
    public interface Work<T> {
        T run(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    /**
     * The sessions of the filter started in {@code context}, or null when none has started there
     * (the filter is not registered, or has not been initialised yet).
     */
    public static SessionsBeforeFilter of(ServletContext context) {
        return context.getAttribute(ATTRIBUTE) instanceof SessionsBeforeFilter sessions ? sessions : null;
    }

    /** Publishes on the context; where two filters are registered, the first to start is the one. */
    void publish(ServletContext context) {
        if (of(context) == null) {
            context.setAttribute(ATTRIBUTE, this);
        }
    }

    void withdraw(ServletContext context) {
        if (of(context) == this) {
            context.removeAttribute(ATTRIBUTE);
        }
    }

    /**
     * Runs {@code work} with {@code request} and {@code response} wrapped as the filter wraps them:
     * {@code getSession}, {@code changeSessionId} and the cookie are the filter's, and the session
     * is saved before the wrapped response commits. The request's time on Redis counts against its
     * {@code redis.request-budget}.
     *
     * @param request the container's request, as the container passes it to the caller
     * @throws dev.portablesession.SessionStoreException when Redis cannot be reached
     */
    public <T> T call(HttpServletRequest request, HttpServletResponse response, Work<T> work) throws IOException {
        RequestSessionState state = stateOf(request, response);
        long[] outer = StoreBudget.enter(state.budget(requestBudgetNanos));
        try {
            SessionResponseWrapper wrappedResponse = new SessionResponseWrapper(response, state);
            return work.run(new SessionRequestWrapper(request, state, wrappedResponse), wrappedResponse);
        } finally {
            StoreBudget.end(outer);
        }
    }

    /**
     * Ends the session side of a request the filter will not see, because the caller answered it
     * (a redirect to the login page): saves what is left, sends the cookie if the response has not
     * committed, and releases the session lock. Also for a request the container refused after the
     * caller let it through (a 403 of its access control, a 404 before any filter): called at the
     * end of every request, it ends those that nothing else will. Does nothing for a request
     * {@link #call} never saw, one already finished, or one the filter's pass has begun
     * ({@code request.authenticate()} from the application), which the filter ends itself.
     *
     * @throws dev.portablesession.SessionStoreException when Redis cannot be reached
     */
    public void finish(HttpServletRequest request) {
        if (!(request.getAttribute(RequestSessionState.ATTRIBUTE) instanceof RequestSessionState state)
                || state.filterEntered() || state.finished()) {
            return;
        }
        long[] outer = StoreBudget.enter(state.budget(requestBudgetNanos));
        try {
            state.finish();
        } finally {
            StoreBudget.end(outer);
        }
    }

    /**
     * Answers a failure of the session layer from {@link #call} or {@link #finish} as the filter
     * does: a 503 with {@code Retry-After} (Redis unreachable or full, the session busy with
     * another request under {@code lock.mode=exclusive}, stored by another version), unless the
     * response has committed.
     *
     * @return whether {@code failure} was one of the session layer's, now answered; false for any
     *     other, which is the caller's to handle
     */
    public boolean respondToFailure(RuntimeException failure, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object state = request.getAttribute(RequestSessionState.ATTRIBUTE);
        return SessionFilterCore.respondedToFailure(failure, response,
                state instanceof RequestSessionState s ? s.headersBeforeSession() : Map.of());
    }

    private RequestSessionState stateOf(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(RequestSessionState.ATTRIBUTE) instanceof RequestSessionState state) {
            return state;
        }
        RequestSessionState state = new RequestSessionState(manager, request, response);
        request.setAttribute(RequestSessionState.ATTRIBUTE, state);
        return state;
    }
}
