package dev.portablesession.internal.filter;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.event.RequestSummary;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.store.StoreBudget;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session side of one request, shared by every dispatch of it (forward, include, error,
 * async): the id the client presented, the session loaded for it (at most once), when to save
 * (before the response commits, and after), and which id the client has been told about. What
 * each save sends to the store is {@link SessionWriter}'s decision.
 */
final class RequestSessionState {

    /** Request attribute under which the state travels between dispatches of one request. */
    static final String ATTRIBUTE = RequestSessionState.class.getName();

    private static final String SET_COOKIE = "Set-Cookie";

    private final SessionManager manager;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    /**
     * Whether the presented id has been read. It is read on first need, not for every request: a
     * request that never uses its session should cost what it costs without the filter.
     */
    private boolean presentedRead;
    /** The id the client presented, or null; it decides which cookie the client holds. */
    private String requestedId;
    /** Whether {@link #requestedId} came in the cookie rather than the URL. */
    private boolean requestedInCookie;
    /**
     * What {@code getRequestedSessionId()} answers: the presented id, then the new one after
     * {@code changeSessionId()}, as Tomcat does, so that it stays valid for the rest of the request.
     */
    private String reportedId;
    /** Made when the request first uses its session. */
    private SessionWriter writer;
    /** The response headers when the request first used its session, kept on a 503; null before. */
    private Map<String, List<String>> headersBeforeSession;
    private boolean requestedLookedUp;
    /** The container's session has been looked for ({@code adopt-container-sessions}). */
    private boolean containerLookedUp;
    private SessionFacade session;
    /** The session id the client holds once this response arrives. */
    private String clientId;
    /** The Set-Cookie value this state added to the response, if any. */
    private String cookieHeader;
    /** The response is about to commit: changes from now on are saved as they come. */
    private boolean commitStarted;
    /** What the request may still wait on the store, across its dispatches ({@code redis.request-budget}). */
    private long[] budget;
    /** {@link #finish()} has run once: the request is reported done. */
    private boolean completed;
    /** The filter's first pass has begun; a state opened before it ({@link SessionsBeforeFilter}) has not. */
    private boolean filterEntered;

    RequestSessionState(SessionManager manager, HttpServletRequest request, HttpServletResponse response) {
        this.manager = manager;
        this.request = request;
        this.response = response;
    }

    /** Reads the id the client presented, once. */
    private void readPresented() {
        if (presentedRead) {
            return;
        }
        presentedRead = true;
        String inCookie = manager.cookieTracking() ? manager.cookie().requestedId(request) : null;
        requestedInCookie = inCookie != null;
        requestedId = inCookie != null || manager.urlTracking() == null ? inCookie : manager.urlTracking().requestedId(request);
        reportedId = requestedId;
        clientId = requestedId;
    }

    /**
     * The request's store calls; made on first use, when the response headers set so far are also
     * noted, for a 503 to keep (CORS, tracing) should the session layer fail.
     */
    private SessionWriter writer() {
        if (writer == null) {
            publish();
            headersBeforeSession = headers(response);
            writer = new SessionWriter(manager, request.getRequestURI(), manager.locking().appliesTo(request));
        }
        return writer;
    }

    /**
     * Puts this state in its request's attributes, if it is not there yet, for every later
     * dispatch of the request to find, the container's error dispatch among them, which comes
     * with the container's own request rather than the filter's wrapper.
     */
    synchronized void publish() {
        if (request.getAttribute(ATTRIBUTE) != this) {
            request.setAttribute(ATTRIBUTE, this);
        }
    }

    /** The response headers when the request first used its session; empty if it has not. */
    synchronized Map<String, List<String>> headersBeforeSession() {
        return headersBeforeSession == null ? Map.of() : headersBeforeSession;
    }

    private static Map<String, List<String>> headers(HttpServletResponse response) {
        Collection<String> names = response.getHeaderNames();
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : names) {
            headers.put(name, List.copyOf(response.getHeaders(name)));
        }
        return headers;
    }

    /** The request's budget, made with {@code budgetNanos} on first use and shared by its dispatches. */
    synchronized long[] budget(long budgetNanos) {
        if (budget == null) {
            budget = StoreBudget.newBudget(budgetNanos);
        }
        return budget;
    }

    /**
     * Marks the filter's first pass as begun.
     *
     * @return whether this is that first pass: true once, whether the filter made this state or
     *     code before the filter did; false for a later dispatch with the container's own request
     */
    synchronized boolean enterFilter() {
        boolean first = !filterEntered;
        filterEntered = true;
        return first;
    }

    /** Whether {@link #finish()} has run: the request's session side is over. */
    synchronized boolean finished() {
        return completed;
    }

    /** Whether the filter's first pass has begun: it then ends the request's session side itself. */
    synchronized boolean filterEntered() {
        return filterEntered;
    }

    /** Whether this state was made by the filter instance that owns {@code other}. */
    boolean belongsTo(SessionManager other) {
        return manager == other;
    }

    synchronized String requestedId() {
        readPresented();
        return reportedId;
    }

    synchronized boolean requestedIdFromCookie() {
        readPresented();
        return requestedInCookie;
    }

    synchronized boolean requestedIdFromUrl() {
        readPresented();
        return requestedId != null && !requestedInCookie;
    }

    /**
     * With {@code touch-on-every-request}, loads the session of the presented id up front, which
     * restarts its idle time. The application did not ask for it: when the store cannot be
     * reached or the lock stays busy, the request goes on as if nothing had been tried, and a
     * later {@code getSession} tries again and reports the failure.
     */
    void touchIfConfigured() {
        if (manager.touchOnEveryRequest()) {
            touch();
        }
    }

    private synchronized void touch() {
        readPresented();
        if (requestedId != null && !requestedLookedUp) {
            try {
                getSession(false);
            } catch (SessionStoreException | SessionBusyException e) {
                // Reported through the event seam (an outage) or retried by the application's own getSession.
            }
        }
    }

    /** Whether URLs carry the session id, so that {@code encodeURL} is ours to answer. */
    boolean urlTracking() {
        return manager.urlTracking() != null;
    }

    /**
     * {@code url} with the session id added, when the client has not returned the cookie, a
     * valid session exists and the URL leads into this application; otherwise unchanged.
     */
    synchronized String encodeUrl(String url) {
        if (manager.urlTracking() == null) {
            return url;
        }
        readPresented();
        if (requestedInCookie) {
            return url;
        }
        HttpSession current = getSession(false);
        return current == null ? url : manager.urlTracking().encode(request, url, current.getId());
    }

    /** The lock this request holds on its session now. */
    synchronized SessionLock lock() {
        return writer == null ? SessionLock.NONE : writer.lock();
    }

    synchronized HttpSession getSession(boolean create) {
        HttpSession found = lookUpSession(create);
        if (manager.degraded()) {
            request.setAttribute(SessionFilterCore.DEGRADED_ATTRIBUTE, Boolean.TRUE);
        }
        return found;
    }

    private HttpSession lookUpSession(boolean create) {
        if (session != null && session.isValid()) {
            return session;
        }
        readPresented();
        if (requestedId != null && !requestedLookedUp) {
            // A failed load (Redis down, lock busy) throws before this is marked done: the next call
            // tries again rather than hand out a new session in place of the client's.
            session = writer().load(requestedId);
            requestedLookedUp = true;
            if (session != null) {
                return session;
            }
        }
        if (session == null && manager.adoptContainerSessions() && !containerLookedUp) {
            containerLookedUp = true;
            session = adoptContainerSession();
            if (session != null) {
                return session;
            }
        }
        if (!create) {
            return null;
        }
        if (response.isCommitted()) {
            throw new IllegalStateException("cannot create a session after the response has been committed");
        }
        if (session != null) {
            // Invalidated by this request: delete it before a new one takes its place.
            writer().save(session, commitStarted, false);
        }
        writer();
        session = manager.newSession();
        manager.events().sessionCreated(session);
        if (commitStarted) {
            save();
        }
        return session;
    }

    /**
     * The migration from container sessions: copies the attributes of the container's session,
     * if the request has one, into a new session of ours, as if the application set each, and
     * invalidates the container's session, so it is adopted once, and a later logout (the
     * invalidation of ours) cannot bring it back. An attribute that cannot be encoded is left
     * out (reported as an encode refusal) rather than refuse the user every request. After the
     * response has committed no cookie can be sent: the container session stays for the next
     * request.
     */
    private SessionFacade adoptContainerSession() {
        HttpSession container = request.getSession(false);
        if (container == null || response.isCommitted()) {
            return null;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        try {
            for (String name : Collections.list(container.getAttributeNames())) {
                attributes.put(name, container.getAttribute(name));
            }
        } catch (IllegalStateException invalidatedMeanwhile) {
            return null; // adopted by a concurrent request of the same client, which sent its cookie
        }
        writer();
        SessionFacade adopted = manager.newSession();
        manager.events().sessionCreated(adopted);
        attributes.forEach((name, value) -> {
            try {
                adopted.setAttribute(name, value);
            } catch (AttributeEncodingException refused) {
                // Reported by setAttribute through the event seam; the other attributes still move.
            }
        });
        try {
            container.invalidate();
        } catch (IllegalStateException invalidatedMeanwhile) {
            // A concurrent request adopted it too; the client keeps whichever cookie comes last.
        }
        if (commitStarted) {
            session = adopted;
            save();
        }
        return adopted;
    }

    synchronized String changeSessionId() {
        HttpSession current = getSession(false);
        if (current == null) {
            throw new IllegalStateException("changeSessionId: the request has no session");
        }
        if (response.isCommitted() && newIdNeedsCookie()) {
            // Changing it now would leave the client with the old id, which names nothing: the session would be lost.
            throw new IllegalStateException("changeSessionId: the response is already committed, so the new session id "
                    + "cannot reach the client in a cookie; the session keeps its id. Call changeSessionId() before the "
                    + "response commits (before writing the body, flushBuffer, sendRedirect or sendError)");
        }
        String newId = session.changeId(SessionIds.generate());
        if (reportedId != null) {
            reportedId = newId;
        }
        if (commitStarted) {
            save();
        }
        return newId;
    }

    /**
     * Whether only a cookie can tell the client a changed id. A client that presented the id in
     * the URL does not return the cookie: it learns the new id from the URLs encoded from now on.
     */
    private boolean newIdNeedsCookie() {
        return manager.cookieTracking() && !requestedIdFromUrl();
    }

    synchronized boolean isRequestedIdValid() {
        readPresented();
        if (reportedId == null) {
            return false;
        }
        getSession(false);
        return session != null && session.isValid() && reportedId.equals(session.getId());
    }

    /**
     * Saves before the response commits: the client may send its next request to another server
     * the moment it sees the response, so the session must be in Redis by then.
     */
    synchronized void saveBeforeCommit() {
        if (!commitStarted) {
            commitStarted = true;
            save();
        }
    }

    /** Saves what changed since the last save and tells the client about a new or gone id. */
    synchronized void save() {
        save(false);
    }

    /**
     * The last save of the request: also releases the session lock, if the request holds it.
     * Called once the request is done, including its async processing.
     */
    synchronized void finish() {
        try {
            save(true);
        } finally {
            if (!completed) {
                completed = true;
                if (writer != null) {
                    manager.events().requestCompleted(new RequestSummary(request.getRequestURI(),
                            session == null ? null : session.getId(), writer.storeCalls()));
                }
            }
        }
    }

    private void save(boolean last) {
        if (session == null) {
            return;
        }
        manager.principals().bind(request, session);
        writer().save(session, commitStarted, last);
        if (!manager.cookieTracking()) {
            return;
        }
        String id = session.isValid() && !session.withheld() ? session.getId() : null;
        if (id != null && !id.equals(clientId)) {
            if (setCookie(manager.cookie().issue(request, id))) {
                clientId = id;
            }
        } else if (id == null && clientId != null) {
            if (setCookie(manager.cookie().expire(request))) {
                clientId = null;
            }
        }
    }

    /** The application reset the response, and with it our cookie: it must be sent again. */
    synchronized void responseReset() {
        if (cookieHeader != null) {
            cookieHeader = null;
            readPresented();
            clientId = requestedId;
        }
        commitStarted = false;
    }

    /**
     * Adds or replaces this request's cookie.
     *
     * @return false when the response ignored the header: Undertow's one response object does
     *     while an include runs. The next save then tries again, so a session an included servlet
     *     creates gets its cookie once the include has returned. A committed response is reported
     *     and counts as done: no later save can send the cookie either.
     */
    private boolean setCookie(String header) {
        if (response.isCommitted()) {
            manager.events().cookieNotSent(request.getRequestURI());
            return true;
        }
        if (cookieHeader == null) {
            response.addHeader(SET_COOKIE, header);
        } else {
            // Replace the cookie this request already set rather than sending two for one name. Only
            // setHeader with a value replaces on every container: Servlet 6.0 ones ignore setHeader(name, null).
            List<String> values = new ArrayList<>(response.getHeaders(SET_COOKIE));
            values.remove(cookieHeader);
            values.add(header);
            response.setHeader(SET_COOKIE, values.get(0));
            values.subList(1, values.size()).forEach(value -> response.addHeader(SET_COOKIE, value));
        }
        if (!response.getHeaders(SET_COOKIE).contains(header)) {
            return false;
        }
        cookieHeader = header;
        return true;
    }
}
