package dev.portablesession.containers.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the filter's sessions behave otherwise than the container's own, and why that is
 * accepted. A difference not listed here fails the suite; so does a listed one that no longer
 * differs, so the list says only what is true.
 */
final class KnownDifferences {

    /**
     * @param containers the modules it applies to ({@code jetty-ee10}…); empty: every container
     */
    record Known(String reason, Set<String> containers) {

        boolean appliesTo(String container) {
            return containers.isEmpty() || containers.contains(container);
        }
    }

    private KnownDifferences() {
    }

    /** The known difference of a behaviour on a container, or null. */
    static Known find(String behaviour, String container) {
        return KNOWN.getOrDefault(behaviour, List.of()).stream().filter(known -> known.appliesTo(container)).findFirst().orElse(null);
    }

    private static final Set<String> JETTY = Set.of("jetty-ee10", "jetty-ee11");
    private static final Set<String> TOMCAT = Set.of("tomcat-11", "tomcat-10");
    private static final Set<String> UNDERTOW = Set.of("undertow");
    private static final Set<String> JETTY_AND_UNDERTOW = Set.of("jetty-ee10", "jetty-ee11", "undertow");
    private static final Set<String> JETTY_AND_TOMCAT = Set.of("jetty-ee10", "jetty-ee11", "tomcat-11", "tomcat-10");
    private static final String URL_TRACKING = "The filter tracks sessions by cookie only unless tracking-modes (or web.xml "
            + "<tracking-mode>) asks for URLs: an id in a URL leaks through access logs, history and Referer headers. The "
            + "containers' default is cookie and URL, so they rewrite the URLs of the request that creates the session, not "
            + "knowing yet whether the client takes cookies; with tracking-modes=COOKIE,URL the filter does so too "
            + "(configuration.md, URL tracking).";
    private static final String EQUAL_VALUE = "Jetty's own sessions call no listener when the new value equals the old one (by "
            + "equals, not identity). The filter calls attributeReplaced for every setAttribute over a value, as Tomcat does and as "
            + "HttpSessionAttributeListener describes; it binds and unbinds nothing when the instance is the same.";
    private static final String BINDING_ORDER = "On replacement the filter calls valueBound of the new value before valueUnbound of "
            + "the old one, as Tomcat does; Jetty unbinds the old value first (how-it-works.md, Listeners).";
    private static final String ACTIVATION = "The filter's sessions are not passivated as a whole: a value hears sessionWillPassivate "
            + "when it is encoded (at setAttribute and at the save) and sessionDidActivate when a request decodes it "
            + "(how-it-works.md, Listeners). A container's in-memory session is never passivated while the server runs.";
    private static final String SAVED_AT_THE_END = "Each request works on its own copy of the session, written when the request saves "
            + "(at the latest when its response commits): a request running at the same time on another server sees the state "
            + "before (consistency.md).";
    private static final String WRONG_SHAPE = "By design an id of the wrong shape is treated as absent, without a Redis call "
            + "(DESIGN.md, Cookie); the container reports the value the client sent.";
    private static final Map<String, List<Known>> KNOWN = known();

    private static Map<String, List<Known>> known() {
        Map<String, List<Known>> known = new LinkedHashMap<>();
        on(known, JETTY, "max inactive interval: the default", "Jetty's SessionHandler defaults to -1 s (never expires). A "
                + "filter reads the container's default only through ServletContext.getSessionTimeout(), in whole minutes: 0, "
                + "which also means never expires.");
        on(known, JETTY, "max inactive interval: -5 is kept", "Jetty stores every negative interval as -1; the filter returns "
                + "the value set, as Tomcat does. The Javadoc says only that zero or less means the session never times out.");
        everywhere(known, "attributes: List.of: read on the next request", "The JSON codec decodes a list as an ArrayList: the "
                + "JDK's immutable lists have no public class to decode to. Equal contents, another class, and mutable.");
        everywhere(known, "attributes: Map.of: read on the next request", "The JSON codec decodes a map as a LinkedHashMap: the "
                + "JDK's immutable maps have no public class to decode to. Equal contents, another class, and mutable.");
        String enums = "The JSON codec admits the JDK's value types, collections and java.time, not every JDK enum: "
                + "setAttribute fails with a message naming the setting (codec.allow=java.util.concurrent.TimeUnit, or codec=jdk). "
                + "A container's session keeps any object.";
        everywhere(known, "attributes: enum: read in the same request", enums);
        everywhere(known, "attributes: enum: read on the next request", enums + " A new session whose only value was "
                + "refused is not stored, so the next request has no session: no empty session is left in Redis for a "
                + "request that failed.");
        on(known, JETTY, "listeners: an attribute is set to the same instance again", EQUAL_VALUE);
        on(known, JETTY, "listeners: an attribute is replaced by an equal value", EQUAL_VALUE);
        on(known, JETTY, "listeners: binding: the same instance is set again", EQUAL_VALUE);
        on(known, JETTY, "listeners: binding: the same instance is set again in the request that bound it", EQUAL_VALUE);
        on(known, JETTY, "listeners: binding: a value is replaced by another", BINDING_ORDER);
        on(known, JETTY, "listeners: binding: a value is replaced in the request that bound it", BINDING_ORDER);
        everywhere(known, "listeners: activation: a value is set", ACTIVATION);
        everywhere(known, "listeners: activation: a value is read on the next request", ACTIVATION);
        everywhere(known, "listeners: activation: invalidate() with a value", ACTIVATION);
        String followsTomcat = "The containers disagree on the requested id after changeSessionId(): Jetty and Undertow keep "
                + "the id the client sent and answer that it is no longer valid; Tomcat reports the new id as the requested one, "
                + "valid. The filter follows Tomcat (how-it-works.md), so code that checks the requested id after a login keeps "
                + "working.";
        on(known, JETTY_AND_UNDERTOW, "changeSessionId: the requested id after it", followsTomcat);
        on(known, JETTY_AND_UNDERTOW, "requested session id: isRequestedSessionIdValid() with an id changed in this request",
                followsTomcat);
        on(known, JETTY_AND_UNDERTOW, "requested session id: getRequestedSessionId() with an id changed in this request",
                followsTomcat);
        String changeAfterCommit = "Tomcat changes the id after the response is committed although the new cookie can no "
                + "longer be sent: the client keeps the old id, which names nothing, and the session is lost. The filter, like "
                + "Jetty and Undertow, throws IllegalStateException and keeps the session (unless the client presented the id "
                + "in the URL: the URLs encoded afterwards carry the new one).";
        on(known, TOMCAT, "changeSessionId: after the response is committed", changeAfterCommit);
        on(known, TOMCAT, "cookie: changeSessionId() after the response is committed", changeAfterCommit);
        everywhere(known, "requested session id: getRequestedSessionId() with a malformed id", WRONG_SHAPE);
        on(known, JETTY_AND_TOMCAT, "requested session id: isRequestedSessionIdFromCookie() with a malformed id", WRONG_SHAPE);
        String undertowFromCookie = "Undertow answers isRequestedSessionIdFromCookie() false when the id names no session; the "
                + "Javadoc asks only whether the id came in a cookie, which the filter, Jetty and Tomcat answer.";
        on(known, UNDERTOW, "requested session id: isRequestedSessionIdFromCookie() with an unknown id", undertowFromCookie);
        on(known, UNDERTOW, "requested session id: isRequestedSessionIdFromCookie() with a session invalidated in this request",
                undertowFromCookie);
        for (String method : new String[] {"encodeURL", "encodeRedirectURL"}) {
            for (String what : new String[] {"in the request that creates the session", "of a relative path", "of a path with a query"}) {
                everywhere(known, "URL rewriting: " + method + " " + what, URL_TRACKING);
            }
            on(known, JETTY, "URL rewriting: " + method + " of another host", URL_TRACKING + " Jetty rewrites even a URL of "
                    + "another host; Tomcat, as the Javadoc asks, only those of the application.");
        }
        everywhere(known, "cookie: name of the session cookie", "By design the filter's cookie is SESSION (setting cookie.name), "
                + "never JSESSIONID, so a session the container makes on its own cannot clobber it.");
        on(known, JETTY_AND_UNDERTOW, "cookie: HttpOnly of the session cookie", "The filter's cookie is HttpOnly unless "
                + "cookie.http-only=false; Jetty's and Undertow's own are not unless configured (Tomcat's are).");
        everywhere(known, "cookie: SameSite of the session cookie", "The filter sends SameSite=Lax unless cookie.same-site says "
                + "otherwise; the container sends no SameSite unless configured.");
        everywhere(known, "cookie: invalidate() expires the cookie", "The filter expires its cookie at invalidate(), so the browser "
                + "forgets an id that names nothing; the container leaves its cookie, and the next request presents a dead id.");
        everywhere(known, "cookie: a session created and invalidated in one request", "For a session created and invalidated in "
                + "one request the filter sends no cookie; the container sends the dead session's.");
        String afterSendError = "After sendError() Jetty's isCommitted() answers true, yet its own sessions are still "
                + "created and their cookie sent (through Jetty's internal response). The filter follows isCommitted(), as the "
                + "Servlet specification asks and as Tomcat and Undertow do: getSession() throws IllegalStateException, so no "
                + "session is made that the client could not find. An error page that creates the session gets its cookie "
                + "on every container (cookie: a session created by the error page).";
        on(known, JETTY, "cookie: a session created after sendError", afterSendError);
        on(known, JETTY, "redirects and errors: getSession() after sendError", afterSendError);
        String lastAccess = "Tomcat's getLastAccessedTime() is the end of the previous request (unless "
                + "org.apache.catalina.session.StandardSession.LAST_ACCESS_AT_START=true); the filter, like Jetty, gives the time "
                + "the previous request arrived, as the Javadoc says.";
        on(known, TOMCAT, "timestamps: last accessed time on the next request", lastAccess);
        on(known, TOMCAT, "timestamps: last accessed time on the third request", lastAccess);
        on(known, TOMCAT, "timestamps: timestamps of a changed id", lastAccess);
        String replacedValue = "Tomcat's attributeReplaced event carries the new value when that value is an "
                + "HttpSessionBindingListener (it reuses the valueBound event); the filter passes the old value, as the Javadoc of "
                + "HttpSessionBindingEvent.getValue() says.";
        on(known, TOMCAT, "listeners: binding: a value is replaced by another", replacedValue);
        on(known, TOMCAT, "listeners: binding: a value is replaced in the request that bound it", replacedValue);
        everywhere(known, "concurrent requests: a value set by a request still running", SAVED_AT_THE_END);
        everywhere(known, "concurrent requests: one request invalidates while another sets an attribute", SAVED_AT_THE_END
                + " So setAttribute after the other request's invalidate() does not throw; the save then refuses to bring the "
                + "session back, and the value is lost as in the container.");
        String maxAfterInvalidate = "Undertow throws IllegalStateException from getMaxInactiveInterval() and "
                + "setMaxInactiveInterval() on an invalidated session; their Javadoc declares no exception, and Jetty, Tomcat and "
                + "the filter return.";
        for (String method : new String[] {"getMaxInactiveInterval", "setMaxInactiveInterval"}) {
            on(known, UNDERTOW, "invalidate: " + method + "() after invalidate() of a session made in the same request", maxAfterInvalidate);
            on(known, UNDERTOW, "invalidate: " + method + "() after invalidate() of an existing session", maxAfterInvalidate);
        }
        on(known, UNDERTOW, "listeners: an attribute is set to the same instance again", "Undertow calls no attribute listener "
                + "when the same instance is set again; the filter calls attributeReplaced, as Tomcat does.");
        String idTwice = "Undertow calls sessionIdChanged twice for one changeSessionId(); the filter once, as Jetty and Tomcat.";
        on(known, UNDERTOW, "listeners: changeSessionId()", idTwice);
        on(known, UNDERTOW, "listeners: changeSessionId() of a session made in the same request", idTwice);
        String undertowBinding = "Undertow calls the attribute listener before valueBound, and valueUnbound after "
                + "attributeRemoved; the filter calls the value first on binding and first on unbinding, as Tomcat and Jetty do.";
        for (String behaviour : new String[] {"a value is bound", "a value is replaced by another",
                "a value is replaced in the request that bound it", "a value is removed", "setAttribute(name, null) over a bound value",
                "invalidate() unbinds", "a value read on the next request"}) {
            on(known, UNDERTOW, "listeners: binding: " + behaviour, undertowBinding);
        }
        on(known, UNDERTOW, "expiry: sessionDestroyed with the attributes readable, then valueUnbound and attributeRemoved",
                undertowBinding);
        on(known, UNDERTOW, "expiry: the next request: the requested id is not valid, getSession(false) is null, getSession() "
                + "makes a new id", undertowBinding);
        String undertowRebind = "Undertow calls valueBound again, and no attribute listener, when the same instance is set "
                + "again; the filter binds nothing and calls attributeReplaced, as Tomcat does.";
        on(known, UNDERTOW, "listeners: binding: the same instance is set again", undertowRebind);
        on(known, UNDERTOW, "listeners: binding: the same instance is set again in the request that bound it", undertowRebind);
        return known;
    }

    private static void everywhere(Map<String, List<Known>> known, String behaviour, String reason) {
        on(known, Set.of(), behaviour, reason);
    }

    /** Several entries of one behaviour give the reason on each container where it differs for another reason. */
    private static void on(Map<String, List<Known>> known, Set<String> containers, String behaviour, String reason) {
        known.computeIfAbsent(behaviour, b -> new ArrayList<>()).add(new Known(reason, containers));
    }
}
