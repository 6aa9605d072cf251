package dev.portablesession.containers.conformance;

import static dev.portablesession.containers.conformance.Behaviour.dispatch;
import static dev.portablesession.containers.conformance.Behaviour.of;
import static dev.portablesession.containers.conformance.Behaviour.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every behaviour of the conformance suite, from the Servlet 6.0 chapter on sessions and the
 * Javadoc of {@code HttpSession}, {@code HttpServletRequest} and {@code HttpServletResponse}.
 * Families come from tables: each method after {@code invalidate()}, each value type, each state
 * of the requested session id.
 */
final class Behaviours {

    /** The section whose behaviours note the session cookie of every response. */
    static final String COOKIE = "cookie";

    /** A well-formed id no server issued. */
    static final String UNKNOWN_ID = "Unknown0Unknown0Unknown0Unknown0Unknown0Unk";

    private static final List<String> SESSION_METHODS = List.of("getId", "getCreationTime", "getLastAccessedTime",
            "getMaxInactiveInterval", "setMaxInactiveInterval", "getServletContext", "getAttribute", "getAttributeNames",
            "setAttribute", "setAttribute-null", "removeAttribute", "invalidate", "isNew");

    private static final List<String> REQUESTED = List.of("reqid", "reqvalid", "reqcookie", "requrl");

    private Behaviours() {
    }

    static List<Behaviour> all() {
        List<Behaviour> all = new ArrayList<>();
        creation(all);
        timestamps(all);
        maxInactiveInterval(all);
        expiry(all);
        invalidate(all);
        attributes(all);
        listeners(all);
        changeSessionId(all);
        requestedSessionId(all);
        urlRewriting(all);
        cookie(all);
        dispatches(all);
        redirectsAndErrors(all);
        concurrency(all);
        Set<String> titles = new HashSet<>();
        for (Behaviour behaviour : all) {
            if (!titles.add(behaviour.title())) {
                throw new IllegalStateException("two behaviours named " + behaviour.title());
            }
        }
        return List.copyOf(all);
    }

    private static void creation(List<Behaviour> all) {
        String s = "creation";
        all.add(of(s, "getSession(false) without a cookie is null", "new?"));
        all.add(of(s, "getSession() without a cookie creates a new session", "new"));
        all.add(of(s, "getSession() twice in one request gives one session", "new,new,new?"));
        all.add(of(s, "the next request with the cookie has the same session, no longer new", "new", "new"));
        all.add(of(s, "getSession(false) on the next request finds the session", "new", "new?"));
        all.add(of(s, "a third request still has the same session", "new", "new?", "new?"));
        all.add(of(s, "an unknown id: getSession(false) is null", "!cookie=" + UNKNOWN_ID, "new?"));
        all.add(of(s, "an unknown id: getSession() creates a session with a new id", "!cookie=" + UNKNOWN_ID, "new"));
        all.add(of(s, "a malformed id: getSession() creates a session", "!cookie=../etc", "new"));
        all.add(of(s, "getSession() after the response is committed, without a session", "commit,new"));
        all.add(of(s, "getSession(false) after the response is committed, without a session", "commit,new?"));
        all.add(of(s, "getSession() after the response is committed, with a session", "new", "commit,new"));
        all.add(of(s, "a session created without the client returning stays new", "new", "!cookie=", "new?"));
        all.add(of(s, "a request that never asks for the session sets no cookie", "sleep:1"));
    }

    private static void timestamps(List<Behaviour> all) {
        String s = "timestamps";
        all.add(of(s, "creation time and last accessed time of a new session", "new,ctime,atime,sleep:5,now"));
        all.add(of(s, "creation time is kept on the next request", "new,ctime,sleep:20", "new?,ctime"));
        all.add(of(s, "last accessed time on the next request", "sleep:20,new,ctime,atime,sleep:20", "sleep:20,new?,atime,sleep:5,now"));
        all.add(of(s, "last accessed time on the third request", "new,atime,sleep:20", "sleep:20,new?,atime,sleep:20", "sleep:20,new?,atime"));
        all.add(of(s, "last accessed time does not move within a request", "new,sleep:20", "new?,atime,sleep:20,atime"));
        all.add(of(s, "a request that does not ask for the session does not touch it", "new,atime,sleep:20", "sleep:20", "sleep:20,new?,atime"));
        all.add(of(s, "timestamps of a changed id", "new,ctime,atime,sleep:20", "sleep:20,new?,changeId,ctime,atime"));
    }

    private static void maxInactiveInterval(List<Behaviour> all) {
        String s = "max inactive interval";
        all.add(of(s, "the default", "new,max"));
        all.add(of(s, "set and read in one request", "new,setmax:120,max"));
        all.add(of(s, "set, read on the next request", "new,setmax:3600", "new?,max"));
        all.add(of(s, "0 is kept and the session lives on", "new,setmax:0", "!sleep=1100", "new?,max"));
        all.add(of(s, "-1 is kept and the session lives on", "new,setmax:-1", "!sleep=1100", "new?,max"));
        all.add(of(s, "-5 is kept", "new,setmax:-5", "new?,max"));
        all.add(of(s, "1 second: the session expires when idle", "new,set:a=String,setmax:1", "!sleep=2500", "new?"));
        all.add(of(s, "1 second: an expired session's id is no longer valid", "new,setmax:1", "!sleep=2500", "reqvalid,new"));
        all.add(of(s, "kept over changeSessionId", "new,setmax:77", "new?,changeId", "new?,max"));
    }

    /**
     * A session left idle past its 1-second interval, with no request in between: the container's
     * scavenger (set to run every second) or the filter's expiry poller ends it.
     */
    private static void expiry(List<Behaviour> all) {
        String s = "expiry";
        String idle = "new,set:a=String,set:b=Bound:v1,setmax:1";
        all.add(of(s, "sessionDestroyed with the attributes readable, then valueUnbound and attributeRemoved",
                "!clear", idle, "!await=destroyed"));
        all.add(of(s, "the next request: the requested id is not valid, getSession(false) is null, getSession() makes a new id",
                "!clear", idle, "!await=destroyed", "reqid,reqvalid,new?,new"));
    }

    private static void invalidate(List<Behaviour> all) {
        String s = "invalidate";
        for (String method : SESSION_METHODS) {
            all.add(of(s, method + "() after invalidate() of a session made in the same request", "new,invalidate,call:" + method));
        }
        for (String method : SESSION_METHODS) {
            all.add(of(s, method + "() after invalidate() of an existing session", "new,set:a=String", "new?,invalidate,call:" + method));
        }
        all.add(of(s, "getSession(false) after invalidate() is null", "new", "new?,invalidate,new?"));
        all.add(of(s, "getSession() after invalidate() creates a new session", "new", "new?,invalidate,new"));
        all.add(of(s, "the next request after invalidate() has no session", "new", "new?,invalidate", "new?"));
        all.add(of(s, "a session made again after invalidate() has no attributes", "new,set:a=String", "new?,invalidate,new,names"));
        all.add(of(s, "the invalidated id presented again finds nothing", "new", "new?,invalidate", "!cookie=#1", "new?"));
        all.add(of(s, "invalidate() of a new session before the response", "new,invalidate"));
    }

    private static void attributes(List<Behaviour> all) {
        String s = "attributes";
        for (String kind : Values.KINDS.keySet()) {
            all.add(of(s, kind + ": read in the same request", "new,set:v=" + kind + ",get:v"));
            all.add(of(s, kind + ": read on the next request", "new,set:v=" + kind, "new?,get:v"));
        }
        all.add(of(s, "one instance on two reads in the request that set it", "new,set:v=ArrayList,same:v"));
        all.add(of(s, "one instance on two reads on the next request", "new,set:v=ArrayList", "new?,same:v"));
        all.add(of(s, "setAttribute(name, null) removes the attribute", "new,set:v=String", "new?,set:v=null,names", "new?,names"));
        all.add(of(s, "removeAttribute of a missing name", "new,remove:none,names"));
        all.add(of(s, "getAttribute of a missing name is null", "new,get:none"));
        all.add(of(s, "a new session has no attribute names", "new,names"));
        all.add(of(s, "three attribute names on the next request", "new,set:a=String,set:b=Integer,set:c=Long", "new?,names"));
        all.add(of(s, "a replaced value on the next request", "new,set:v=String", "new?,set:v=Integer", "new?,get:v"));
        all.add(of(s, "a removed attribute on the next request", "new,set:v=String,set:w=String", "new?,remove:v", "new?,names"));
        all.add(of(s, "a list changed in place without setAttribute", "new,set:v=ArrayList", "new?,add:v", "new?,get:v"));
        all.add(of(s, "an empty attribute name", "new,set:=String", "new?,get:,names"));
        all.add(of(s, "an attribute name with dots and colons", "new,set:a.b:c=String", "new?,get:a.b:c"));
        all.add(of(s, "getServletContext() is the request's context", "new,ctx"));
    }

    private static void listeners(List<Behaviour> all) {
        String s = "listeners";
        List<Behaviour> family = new ArrayList<>();
        family.add(of(s, "a session is created", "new"));
        family.add(of(s, "a request that reads the session", "new,set:a=String", "!clear", "new?,get:a"));
        family.add(of(s, "an attribute is added", "new", "new?,set:a=String"));
        family.add(of(s, "an attribute is replaced by another value", "new,set:a=String", "new?,set:a=Integer"));
        family.add(of(s, "an attribute is set to the same instance again", "new,set:a=ArrayList", "new?,reset:a"));
        family.add(of(s, "an attribute is replaced by an equal value", "new,set:a=ArrayList", "new?,set:a=ArrayList"));
        family.add(of(s, "setAttribute(name, null) over a value", "new,set:a=String", "new?,set:a=null"));
        family.add(of(s, "setAttribute(name, null) over nothing", "new", "new?,set:a=null"));
        family.add(of(s, "an attribute is removed", "new,set:a=String", "new?,remove:a"));
        family.add(of(s, "a missing attribute is removed", "new", "new?,remove:a"));
        family.add(of(s, "added and removed in one request", "new", "new?,set:a=String,remove:a"));
        family.add(of(s, "invalidate() with two attributes", "new,set:a=String,set:b=Integer", "new?,invalidate"));
        family.add(of(s, "invalidate() of an empty session", "new", "new?,invalidate"));
        family.add(of(s, "created and invalidated in one request", "new,set:a=String,invalidate"));
        family.add(of(s, "changeSessionId()", "new,set:a=String", "new?,changeId"));
        family.add(of(s, "changeSessionId() of a session made in the same request", "new,changeId"));
        family.add(of(s, "setMaxInactiveInterval()", "new", "new?,setmax:100"));
        family.add(of(s, "binding: a value is bound", "new,set:b=Bound:v1"));
        family.add(of(s, "binding: a value is replaced by another", "new,set:b=Bound:v1", "new?,set:b=Bound:v2"));
        family.add(of(s, "binding: a value is replaced in the request that bound it", "new,set:b=Bound:v1,set:b=Bound:v2"));
        family.add(of(s, "binding: the same instance is set again", "new,set:b=Bound:v1", "new?,reset:b"));
        family.add(of(s, "binding: the same instance is set again in the request that bound it", "new,set:b=Bound:v1,reset:b"));
        family.add(of(s, "binding: a value is removed", "new,set:b=Bound:v1", "new?,remove:b"));
        family.add(of(s, "binding: setAttribute(name, null) over a bound value", "new,set:b=Bound:v1", "new?,set:b=null"));
        family.add(of(s, "binding: invalidate() unbinds", "new,set:b=Bound:v1,set:a=String", "new?,invalidate"));
        family.add(of(s, "binding: a value read on the next request", "new,set:b=Bound:v1", "new?,get:b"));
        family.add(of(s, "activation: a value is set", "new,set:x=Active:v1"));
        family.add(of(s, "activation: a value is read on the next request", "new,set:x=Active:v1", "!clear", "new?,get:x"));
        family.add(of(s, "activation: a request that does not read the value", "new,set:x=Active:v1", "!clear", "new?,get:other"));
        family.add(of(s, "activation: invalidate() with a value", "new,set:x=Active:v1", "!clear", "new?,invalidate"));
        family.add(of(s, "an attribute added in a forward", dispatch("", "forward", "new,set:a=String")));
        family.add(of(s, "an attribute added in an include", dispatch("new", "include", "set:a=String")));
        family.add(of(s, "an attribute added on an async thread", dispatch("new", "async", "set:a=String")));
        family.forEach(behaviour -> all.add(behaviour.withEvents()));
    }

    private static void changeSessionId(List<Behaviour> all) {
        String s = "changeSessionId";
        all.add(of(s, "without a session", "changeId"));
        all.add(of(s, "of a session made in the same request", "new,changeId"));
        all.add(of(s, "of an existing session", "new,set:a=String", "new?,changeId"));
        all.add(of(s, "the next request has the new id and the attributes", "new,set:a=String", "new?,changeId", "new?,get:a"));
        all.add(of(s, "the old id presented again finds nothing", "new", "new?,changeId", "!cookie=#1", "new?"));
        all.add(of(s, "isNew() after it", "new", "new?,changeId,isNew"));
        all.add(of(s, "the session held before it has the new id", "new", "new?,changeId,id"));
        all.add(of(s, "twice in one request", "new", "new?,changeId,changeId", "new?"));
        all.add(of(s, "after invalidate()", "new", "new?,invalidate,changeId"));
        all.add(of(s, "the requested id after it", "new", "new?,changeId,reqid,reqvalid"));
        all.add(of(s, "after the response is committed", "new", "new?,commit,changeId", "new?"));
    }

    private static void requestedSessionId(List<Behaviour> all) {
        String s = "requested session id";
        record State(String name, String before, String actions) {
        }
        List<State> states = List.of(
                new State("no cookie", null, ""),
                new State("a valid cookie", "new", ""),
                new State("an unknown id", "!cookie=" + UNKNOWN_ID, ""),
                new State("a malformed id", "!cookie=../etc", ""),
                new State("a session invalidated in this request", "new", "new?,invalidate,"),
                new State("a session created in this request over an unknown id", "!cookie=" + UNKNOWN_ID, "new,"),
                new State("an id changed in this request", "new", "new?,changeId,"),
                new State("a session created in this request", null, "new,"));
        for (State state : states) {
            for (String method : REQUESTED) {
                String name = method(method) + " with " + state.name();
                all.add(state.before() == null ? of(s, name, state.actions() + method)
                        : of(s, name, state.before(), state.actions() + method));
            }
        }
    }

    private static String method(String action) {
        return switch (action) {
            case "reqid" -> "getRequestedSessionId()";
            case "reqvalid" -> "isRequestedSessionIdValid()";
            case "reqcookie" -> "isRequestedSessionIdFromCookie()";
            case "requrl" -> "isRequestedSessionIdFromURL()";
            default -> throw new IllegalArgumentException(action);
        };
    }

    private static void urlRewriting(List<Behaviour> all) {
        String s = "URL rewriting";
        for (String encode : List.of("url", "rurl")) {
            String method = encode.equals("url") ? "encodeURL" : "encodeRedirectURL";
            all.add(of(s, method + " without a session", encode + ":/app/page"));
            all.add(of(s, method + " in the request that creates the session", "new," + encode + ":/app/page"));
            all.add(of(s, method + " with the session from the cookie", "new", "new?," + encode + ":/app/page"));
            all.add(of(s, method + " of a relative path", "new," + encode + ":page"));
            all.add(of(s, method + " of a path with a query", "new," + encode + ":/app/page?x=1"));
            all.add(of(s, method + " of another host", "new," + encode + ":http://other.example/app/page"));
            all.add(of(s, method + " after invalidate()", "new", "new?,invalidate," + encode + ":/app/page"));
        }
    }

    private static void cookie(List<Behaviour> all) {
        String s = COOKIE;
        for (String attribute : List.of("name", "Path", "HttpOnly", "Secure", "SameSite", "Max-Age", "Expires", "Domain")) {
            all.add(of(s, attribute + " of the session cookie", "new", "!attr=" + attribute));
        }
        all.add(of(s, "invalidate() expires the cookie", "new", "new?,invalidate"));
        all.add(of(s, "invalidate() and a new session: the cookie carries the new id", "new", "new?,invalidate,new"));
        all.add(of(s, "changeSessionId() sends the new id", "new", "new?,changeId"));
        all.add(of(s, "a request with the cookie sets none", "new", "new?"));
        all.add(of(s, "a session created and invalidated in one request", "new,invalidate"));
        all.add(of(s, "a session created after sendError", "error:410,new", "new?"));
        all.add(of(s, "a session created after the response is committed", "commit,new", "new?"));
        all.add(of(s, "a session created after sendRedirect", "redirect,new", "new?"));
        all.add(of(s, "changeSessionId() after the response is committed", "new", "new?,commit,changeId", "new?"));
        all.add(of(s, "a session created by an included servlet", dispatch("", "include", "new"), run("new?")));
        all.add(of(s, "a session created by the error page", dispatch("", "error", "new"), run("new?")));
    }

    private static void dispatches(List<Behaviour> all) {
        String s = "dispatch";
        all.add(of(s, "forward: the target creates the session", dispatch("", "forward", "new"), run("new?")));
        all.add(of(s, "forward: the target sees the caller's new session", dispatch("new", "forward", "new?")));
        all.add(of(s, "forward: the target reads an existing session", "new,set:a=String", dispatch("", "forward", "new?,get:a")));
        all.add(of(s, "forward: the target sets an attribute", dispatch("", "forward", "new,set:a=String"), run("new?,get:a")));
        all.add(of(s, "forward: the target invalidates", "new", dispatch("", "forward", "new?,invalidate"), run("new?")));
        all.add(of(s, "forward: the target changes the id", "new", dispatch("", "forward", "changeId"), run("new?")));
        all.add(of(s, "include: the included servlet creates the session", dispatch("", "include", "new") + "&after=new%3F", run("new?")));
        all.add(of(s, "include: the included servlet reads the session", "new,set:a=String", dispatch("", "include", "new?,get:a")));
        all.add(of(s, "include: the included servlet sets an attribute", "new", dispatch("new", "include", "set:a=String"), run("new?,get:a")));
        all.add(of(s, "include: the included servlet creates the session after the response is committed",
                dispatch("commit", "include", "new"), run("new?")));
        all.add(of(s, "include: the included servlet changes the id", "new", dispatch("", "include", "changeId") + "&after=new%3F", run("new?")));
        all.add(of(s, "async: the session is created on the async thread", dispatch("", "async", "new"), run("new?")));
        all.add(of(s, "async: the async thread reads the session", "new,set:a=String", dispatch("", "async", "new?,get:a")));
        all.add(of(s, "async: the async thread sets an attribute", "new", dispatch("", "async", "new?,set:a=String"), run("new?,get:a")));
        all.add(of(s, "async dispatch: the target creates the session", dispatch("", "asyncDispatch", "new,set:a=String"), run("new?,get:a")));
        all.add(of(s, "async dispatch: the target reads the session", "new,set:a=String", dispatch("", "asyncDispatch", "new?,get:a")));
        all.add(of(s, "async dispatch: the target sees the session the request created", dispatch("new", "asyncDispatch", "new?")));
        all.add(of(s, "error page: it creates the session", dispatch("", "error", "new,set:a=String"), run("new?,get:a")));
        all.add(of(s, "error page: it reads the session", "new,set:a=String", dispatch("", "error", "new?,get:a")));
        all.add(of(s, "error page: it sees the session the failing request created", dispatch("new", "error", "new?")));
        all.add(of(s, "error page: it invalidates the session", "new", dispatch("", "error", "new?,invalidate"), run("new?")));
    }

    private static void redirectsAndErrors(List<Behaviour> all) {
        String s = "redirects and errors";
        all.add(of(s, "sendRedirect after creating the session", "new,redirect"));
        all.add(of(s, "getSession() after sendRedirect", "redirect,new"));
        all.add(of(s, "the session after a redirect, on the next request", "new,set:a=String,redirect", "new?,get:a"));
        all.add(of(s, "sendError after creating the session", "new,set:a=String,error:410", "new?,get:a"));
        all.add(of(s, "getSession() after sendError", "error:410,new", "new?"));
    }

    private static void concurrency(List<Behaviour> all) {
        String s = "concurrent requests";
        all.add(of(s, "two requests set different attributes", "new",
                "!par=" + run("new?,set:a=String,sleep:500") + "|" + run("new?,set:b=Integer"), "new?,names"));
        all.add(of(s, "a value set by a request still running", "new",
                "!par=" + run("new?,set:a=String,sleep:500") + "|" + run("new?,get:a"), "new?,get:a"));
        all.add(of(s, "one request invalidates while another sets an attribute", "new",
                "!par=" + run("new?,sleep:500,set:a=String") + "|" + run("new?,invalidate"), "new?"));
        all.add(of(s, "one request sets the value another one removes", "new,set:a=String",
                "!par=" + run("new?,sleep:500,set:a=Integer") + "|" + run("new?,remove:a"), "new?,get:a"));
    }
}
