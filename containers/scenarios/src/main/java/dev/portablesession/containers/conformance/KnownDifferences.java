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
    private static final String URL_TRACKING = "The filter tracks sessions by cookie only: encodeURL and encodeRedirectURL return the URL "
            + "unchanged (URL tracking is being added separately). The container rewrites the URLs of the request that creates the "
            + "session, since it cannot know yet whether the client takes cookies.";
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
    private static final String NOT_FIXED = "Not fixed yet: ";
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
        everywhere(known, "attributes: enum: read on the next request", enums);
        on(known, JETTY, "listeners: an attribute is set to the same instance again", EQUAL_VALUE);
        on(known, JETTY, "listeners: an attribute is replaced by an equal value", EQUAL_VALUE);
        on(known, JETTY, "listeners: binding: the same instance is set again", EQUAL_VALUE);
        on(known, JETTY, "listeners: binding: the same instance is set again in the request that bound it", EQUAL_VALUE);
        on(known, JETTY, "listeners: binding: a value is replaced by another", BINDING_ORDER);
        on(known, JETTY, "listeners: binding: a value is replaced in the request that bound it", BINDING_ORDER);
        everywhere(known, "listeners: activation: a value is set", ACTIVATION);
        everywhere(known, "listeners: activation: a value is read on the next request", ACTIVATION);
        everywhere(known, "listeners: activation: invalidate() with a value", ACTIVATION);
        everywhere(known, "changeSessionId: the requested id after it", "The containers disagree: Jetty keeps the requested "
                + "id and answers that it is no longer valid; Tomcat reports the new id as the requested one, valid. The filter "
                + "keeps the id the client sent, as Jetty does, but answers true. " + NOT_FIXED + "isRequestedSessionIdValid() "
                + "should answer false once changeSessionId() has retired the requested id.");
        on(known, JETTY, "requested session id: isRequestedSessionIdValid() with an id changed in this request", NOT_FIXED
                + "after changeSessionId() the filter still answers true to isRequestedSessionIdValid(), although the requested "
                + "id no longer names a session; Jetty answers false (Tomcat answers true, for the new id it then reports).");
        on(known, TOMCAT, "requested session id: getRequestedSessionId() with an id changed in this request", "Tomcat reports "
                + "the new id as the requested one after changeSessionId(); the filter reports the id the client sent, as Jetty "
                + "does and as the Javadoc (the id specified by the client) says.");
        String changeAfterCommit = "Jetty refuses changeSessionId() after the response is committed (IllegalStateException) "
                + "and keeps the session. The filter, like Tomcat, changes the id although the new cookie can no longer be "
                + "sent: the client keeps the old id and the session is lost.";
        on(known, JETTY, "changeSessionId: after the response is committed", changeAfterCommit);
        on(known, JETTY, "cookie: changeSessionId() after the response is committed", changeAfterCommit);
        everywhere(known, "requested session id: getRequestedSessionId() with a malformed id", WRONG_SHAPE);
        everywhere(known, "requested session id: isRequestedSessionIdFromCookie() with a malformed id", WRONG_SHAPE);
        for (String method : new String[] {"encodeURL", "encodeRedirectURL"}) {
            for (String what : new String[] {"in the request that creates the session", "of a relative path", "of a path with a query"}) {
                everywhere(known, "URL rewriting: " + method + " " + what, URL_TRACKING);
            }
            on(known, JETTY, "URL rewriting: " + method + " of another host", URL_TRACKING + " Jetty rewrites even a URL of "
                    + "another host; Tomcat, as the Javadoc asks, only those of the application.");
        }
        everywhere(known, "cookie: name of the session cookie", "By design the filter's cookie is SESSION (setting cookie.name), "
                + "never JSESSIONID, so a session the container makes on its own cannot clobber it.");
        on(known, JETTY, "cookie: HttpOnly of the session cookie", "The filter's cookie is HttpOnly unless cookie.http-only=false; "
                + "Jetty's own is not unless configured.");
        everywhere(known, "cookie: SameSite of the session cookie", "The filter sends SameSite=Lax unless cookie.same-site says "
                + "otherwise; the container sends no SameSite unless configured.");
        everywhere(known, "cookie: invalidate() expires the cookie", "The filter expires its cookie at invalidate(), so the browser "
                + "forgets an id that names nothing; the container leaves its cookie, and the next request presents a dead id.");
        everywhere(known, "cookie: a session created and invalidated in one request", "For a session created and invalidated in "
                + "one request the filter sends no cookie; the container sends the dead session's.");
        String afterSendError = "Jetty still sends the cookie of a session created after sendError(). The filter, like Tomcat, "
                + "saves when sendError() commits the response, so a session created afterwards gets no cookie and is not kept.";
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
