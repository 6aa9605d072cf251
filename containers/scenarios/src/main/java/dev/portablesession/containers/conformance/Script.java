package dev.portablesession.containers.conformance;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The conformance servlet: runs the actions of its {@code do} parameter (comma-separated) on the
 * request and its session, and answers what each saw, one token per action joined by
 * {@code "; "}. Session ids come out as {@code #{id}} and times as {@code @{millis}}, for the
 * test to turn into relations. With {@code disp} (forward, include, async, asyncDispatch, error)
 * it then dispatches, and the target runs the actions of {@code in}; after an include, those of
 * {@code after} run too.
 *
 * <p>Actions: {@code new} getSession(), {@code new?} getSession(false), {@code id}, {@code isNew},
 * {@code ctime}, {@code atime}, {@code now}, {@code max}, {@code setmax:N}, {@code reset:name} (sets the value it has again), {@code set:name=kind},
 * {@code get:name}, {@code same:name} (one instance on two reads), {@code names}, {@code remove:name},
 * {@code invalidate}, {@code call:method} (on the session held since {@code new}/{@code new?}),
 * {@code changeId}, {@code req}, {@code reqid}, {@code reqvalid}, {@code reqcookie}, {@code requrl} (the requested-session-id methods), {@code url:path} and
 * {@code rurl:path} (encodeURL, encodeRedirectURL), {@code commit}, {@code redirect}, {@code error:code},
 * {@code sleep:millis}, {@code events} (the listener events since the last call),
 * {@code add:name} (adds "x" to a list attribute in place), {@code ctx} (the session's context).
 */
public final class Script {

    /** The servlet path of the conformance servlet. */
    public static final String PATH = "/c";

    private static final String OUT = Script.class.getName() + ".out";

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final List<String> out;
    private HttpSession session;

    private Script(HttpServletRequest request, HttpServletResponse response, List<String> out) {
        this.request = request;
        this.response = response;
        this.out = out;
    }

    /** A session id as the test reads it. */
    static String id(String id) {
        return "#{" + id + "}";
    }

    static String names(HttpSession session) {
        try {
            List<String> names = Collections.list(session.getAttributeNames());
            Collections.sort(names);
            return String.join(",", names);
        } catch (IllegalStateException e) {
            return "ISE";
        }
    }

    /** Serves one request, or one dispatch of it. */
    public static void serve(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        @SuppressWarnings("unchecked")
        List<String> out = (List<String>) request.getAttribute(OUT);
        DispatcherType type = request.getDispatcherType();
        boolean target = out != null || type == DispatcherType.ERROR;
        if (out == null) {
            out = new ArrayList<>();
            request.setAttribute(OUT, out);
        }
        Script script = new Script(request, response, out);
        if (target) {
            out.add("[" + type + "]");
            script.run(request.getParameter("in"));
            script.print();
            return;
        }
        script.run(request.getParameter("do"));
        String dispatch = request.getParameter("disp");
        if (dispatch == null) {
            script.print();
            return;
        }
        switch (dispatch) {
            case "forward" -> request.getRequestDispatcher(PATH).forward(request, response);
            case "include" -> {
                request.getRequestDispatcher(PATH).include(request, response);
                out.clear();
                out.add("[after include]");
                script.run(request.getParameter("after"));
                script.print();
            }
            case "error" -> response.sendError(404);
            case "async", "asyncDispatch" -> {
                AsyncContext async = request.startAsync();
                async.start(() -> {
                    if (dispatch.equals("asyncDispatch")) {
                        async.dispatch();
                        return;
                    }
                    Script other = new Script((HttpServletRequest) async.getRequest(), (HttpServletResponse) async.getResponse(), script.out);
                    other.out.add("[async thread]");
                    other.run(request.getParameter("in"));
                    try {
                        other.print();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    async.complete();
                });
            }
            default -> throw new IllegalArgumentException("no dispatch " + dispatch);
        }
    }

    private void print() throws IOException {
        if (response.isCommitted() && out.isEmpty()) {
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(String.join("; ", out));
        out.clear();
    }

    private void run(String actions) {
        if (actions == null || actions.isEmpty()) {
            return;
        }
        for (String action : actions.split(",")) {
            String result;
            try {
                result = act(action);
            } catch (RuntimeException e) {
                result = e.getClass().getSimpleName();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.add(action + "=" + result);
        }
    }

    private String act(String action) throws IOException {
        int colon = action.indexOf(':');
        String verb = colon < 0 ? action : action.substring(0, colon);
        String argument = colon < 0 ? null : action.substring(colon + 1);
        switch (verb) {
            case "new":
                session = request.getSession();
                return id(session.getId()) + " isNew=" + session.isNew();
            case "new?":
                session = request.getSession(false);
                return session == null ? "none" : id(session.getId()) + " isNew=" + session.isNew();
            case "id":
                return id(session.getId());
            case "isNew":
                return String.valueOf(session.isNew());
            case "ctime":
                return "@{" + session.getCreationTime() + "}";
            case "atime":
                return "@{" + session.getLastAccessedTime() + "}";
            case "now":
                return "@{" + System.currentTimeMillis() + "}";
            case "max":
                return String.valueOf(session.getMaxInactiveInterval());
            case "setmax":
                session.setMaxInactiveInterval(Integer.parseInt(argument));
                return "ok";
            case "reset":
                session.setAttribute(argument, session.getAttribute(argument));
                return "ok";
            case "reqid":
                return request.getRequestedSessionId() == null ? "null" : id(request.getRequestedSessionId());
            case "reqvalid":
                return String.valueOf(request.isRequestedSessionIdValid());
            case "reqcookie":
                return String.valueOf(request.isRequestedSessionIdFromCookie());
            case "requrl":
                return String.valueOf(request.isRequestedSessionIdFromURL());
            case "set": {
                String[] nameAndKind = argument.split("=", 2);
                session.setAttribute(nameAndKind[0], Values.make(nameAndKind[1]));
                return "ok";
            }
            case "get":
                return Values.describe(session.getAttribute(argument));
            case "same":
                return String.valueOf(session.getAttribute(argument) == session.getAttribute(argument));
            case "names":
                return names(session);
            case "remove":
                session.removeAttribute(argument);
                return "ok";
            case "invalidate":
                session.invalidate();
                return "ok";
            case "call":
                return call(argument);
            case "changeId": {
                String before = request.getSession(false) == null ? "none" : id(request.getSession(false).getId());
                String after = request.changeSessionId();
                return before + "->" + id(after) + " session=" + id(request.getSession(false).getId())
                        + " held=" + (session == null ? "none" : id(session.getId()));
            }
            case "req":
                return "id=" + (request.getRequestedSessionId() == null ? "null" : id(request.getRequestedSessionId()))
                        + " valid=" + request.isRequestedSessionIdValid() + " cookie=" + request.isRequestedSessionIdFromCookie()
                        + " url=" + request.isRequestedSessionIdFromURL();
            case "url":
                return response.encodeURL(argument);
            case "rurl":
                return response.encodeRedirectURL(argument);
            case "commit":
                response.flushBuffer();
                return "committed=" + response.isCommitted();
            case "redirect":
                response.sendRedirect(request.getContextPath() + PATH);
                return "ok";
            case "error":
                response.sendError(Integer.parseInt(argument));
                return "ok";
            case "sleep":
                try {
                    Thread.sleep(Long.parseLong(argument));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "ok";
            case "events":
                return String.join(" / ", EventLog.drain());
            case "add": {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) session.getAttribute(argument);
                list.add("x");
                return "ok";
            }
            case "ctx":
                return "same=" + (session.getServletContext().getContextPath().equals(request.getServletContext().getContextPath()));
            default:
                throw new IllegalArgumentException("no action " + action);
        }
    }

    /** One HttpSession method with a fixed argument, on the held session. */
    private String call(String method) {
        switch (method) {
            case "getId" -> session.getId();
            case "getCreationTime" -> session.getCreationTime();
            case "getLastAccessedTime" -> session.getLastAccessedTime();
            case "getMaxInactiveInterval" -> session.getMaxInactiveInterval();
            case "setMaxInactiveInterval" -> session.setMaxInactiveInterval(60);
            case "getServletContext" -> session.getServletContext();
            case "getAttribute" -> session.getAttribute("a");
            case "getAttributeNames" -> session.getAttributeNames();
            case "setAttribute" -> session.setAttribute("a", "b");
            case "setAttribute-null" -> session.setAttribute("a", null);
            case "removeAttribute" -> session.removeAttribute("a");
            case "invalidate" -> session.invalidate();
            case "isNew" -> session.isNew();
            default -> throw new IllegalArgumentException("no method " + method);
        }
        return "returns";
    }
}
