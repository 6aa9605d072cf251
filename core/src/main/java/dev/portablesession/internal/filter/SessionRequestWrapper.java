package dev.portablesession.internal.filter;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/** Serves every session method of the request from the store instead of the container. */
final class SessionRequestWrapper extends HttpServletRequestWrapper {

    private final RequestSessionState state;
    private final SessionResponseWrapper response;
    private AsyncContext asyncContext;

    SessionRequestWrapper(HttpServletRequest request, RequestSessionState state, SessionResponseWrapper response) {
        super(request);
        this.state = state;
        this.response = response;
    }

    /** The session side of the request this wraps. */
    RequestSessionState state() {
        return state;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return state.getSession(create);
    }

    @Override
    public HttpSession getSession() {
        return state.getSession(true);
    }

    @Override
    public String changeSessionId() {
        return state.changeSessionId();
    }

    @Override
    public String getRequestedSessionId() {
        return state.requestedId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return state.isRequestedIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return state.requestedIdFromCookie();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return state.requestedIdFromUrl();
    }

    /**
     * Starts async processing with this request and the session-aware response, so output
     * written from another thread still saves the session before the response commits.
     */
    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        asyncContext = new SaveBeforeCompleteAsyncContext(super.startAsync(servletRequest, servletResponse), state);
        return asyncContext;
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext current = super.getAsyncContext();
        return asyncContext != null && current != null ? asyncContext : current;
    }
}
