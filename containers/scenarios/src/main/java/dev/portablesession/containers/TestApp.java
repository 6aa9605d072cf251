package dev.portablesession.containers;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.containers.conformance.EventLog;
import dev.portablesession.containers.conformance.Script;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;

/**
 * The test application, container-neutral: a listener that adds servlets exercising the session
 * the way applications do, driven by query parameters. Every response names the node that served
 * it in {@code X-Served-By}. Context-params configure it:
 *
 * <ul>
 *   <li>{@value #NODE}: the node's name;
 *   <li>{@value #REGISTRATION} = {@code listener}: registers the session filter here, with
 *       {@code ServletContext.addFilter} and the builder, Redis at {@value #REDIS_URL};
 *   <li>{@value #PROBE} = {@code listener}: registers {@link FirstInChainProbe} here, after every
 *       declared filter, instead of the deployment declaring it.
 * </ul>
 */
public class TestApp implements ServletContextListener {

    public static final String NODE = "scenario.node";
    public static final String REGISTRATION = "scenario.registration";
    public static final String REDIS_URL = "scenario.redis-url";
    public static final String PROBE = "scenario.probe";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if ("listener".equals(context.getInitParameter(REGISTRATION))) {
            FilterRegistration.Dynamic filter = context.addFilter("session-by-listener",
                    RedisSessionFilter.builder().redisUrl(context.getInitParameter(REDIS_URL)).build());
            filter.setAsyncSupported(true);
            // isMatchAfter=false: ahead of every filter the deployment declared.
            filter.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        }
        if ("listener".equals(context.getInitParameter(PROBE))) {
            FilterRegistration.Dynamic probe = context.addFilter("probe", FirstInChainProbe.class);
            probe.setAsyncSupported(true);
            probe.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        }
        // For the container's own sessions; the filter takes it from its setting "listeners".
        context.addListener(EventLog.class);
        String node = context.getInitParameter(NODE);
        add(context, node, "/s", TestApp::session);
        add(context, node, Script.PATH, Script::serve);
        add(context, node, "/forward", (request, response) -> request.getRequestDispatcher("/s").forward(request, response));
        add(context, node, "/include", (request, response) -> {
            request.getRequestDispatcher("/s").include(request, response);
            response.getWriter().print("|included");
        });
        add(context, node, "/async", TestApp::async);
        add(context, node, "/async-dispatch", TestApp::asyncDispatch);
        add(context, node, "/fail", TestApp::fail);
        add(context, node, "/throw", (request, response) -> {
            request.getSession().setAttribute("before-error", "yes");
            throw new IllegalStateException("thrown by /throw");
        });
        add(context, node, Deployment.ERROR_PAGE, TestApp::errorPage);
        add(context, node, "/login", (request, response) -> {
            HttpSession session = request.getSession();
            session.setAttribute("user", request.getParameter("user"));
            response.sendRedirect(request.getContextPath() + "/s?op=get&name=user");
            holdIfAsked(request, session);
        });
        add(context, node, "/stream", (request, response) -> {
            HttpSession session = request.getSession();
            session.setAttribute(request.getParameter("name"), request.getParameter("value"));
            byte[] chunk = new byte[1024];
            Arrays.fill(chunk, (byte) 'x');
            OutputStream out = response.getOutputStream();
            int bytes = Integer.parseInt(request.getParameter("bytes"));
            for (int written = 0; written < bytes; written += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, bytes - written));
            }
            holdIfAsked(request, session);
        });
        add(context, node, "/flush", (request, response) -> {
            HttpSession session = request.getSession();
            session.setAttribute(request.getParameter("name"), request.getParameter("value"));
            response.getWriter().print("flushed");
            response.flushBuffer();
            holdIfAsked(request, session);
        });
    }

    private static void session(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        String value = request.getParameter("value");
        response.setContentType("text/plain;charset=UTF-8");
        String out = switch (request.getParameter("op")) {
            case "create" -> {
                HttpSession session = request.getSession();
                yield session.getId() + ";new=" + session.isNew();
            }
            case "set" -> {
                request.getSession().setAttribute(name, value);
                yield "ok";
            }
            case "get" -> {
                HttpSession session = request.getSession(false);
                yield session == null ? "no-session" : String.valueOf(session.getAttribute(name));
            }
            case "increment" -> {
                HttpSession session = request.getSession();
                Integer current = (Integer) session.getAttribute(name);
                int next = current == null ? 1 : current + 1;
                session.setAttribute(name, next);
                yield Integer.toString(next);
            }
            case "remove" -> {
                request.getSession().removeAttribute(name);
                yield "ok";
            }
            case "info" -> {
                HttpSession session = request.getSession(false);
                yield session == null ? "no-session" : "id=" + session.getId() + ";new=" + session.isNew()
                        + ";max=" + session.getMaxInactiveInterval()
                        + ";names=" + String.join(",", Collections.list(session.getAttributeNames()));
            }
            case "invalidate" -> {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                yield request.getSession(false) == null ? "invalidated" : "still-there";
            }
            case "changeId" -> {
                String before = request.getSession().getId();
                String after = request.changeSessionId();
                yield before + "->" + after + ";session=" + request.getSession().getId();
            }
            case "maxInactive" -> {
                request.getSession().setMaxInactiveInterval(Integer.parseInt(value));
                yield "ok";
            }
            case "encode" -> {
                String url = request.getParameter("url");
                yield response.encodeURL(url) + "|" + response.encodeRedirectURL(url);
            }
            case "changeId-requested" -> {
                String after = request.changeSessionId();
                yield "new=" + after + ";id=" + request.getRequestedSessionId() + ";valid=" + request.isRequestedSessionIdValid();
            }
            case "requested" -> "id=" + request.getRequestedSessionId() + ";valid=" + request.isRequestedSessionIdValid()
                    + ";cookie=" + request.isRequestedSessionIdFromCookie() + ";url=" + request.isRequestedSessionIdFromURL();
            default -> {
                response.setStatus(400);
                yield "unknown op";
            }
        };
        response.getWriter().print(out);
    }

    /** Sets an attribute on another thread, then completes. */
    private static void async(HttpServletRequest request, HttpServletResponse response) {
        AsyncContext async = request.startAsync();
        async.start(() -> {
            try {
                ((HttpServletRequest) async.getRequest()).getSession()
                        .setAttribute(request.getParameter("name"), request.getParameter("value"));
                async.getResponse().getWriter().print("async-done");
                async.complete();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Sets an attribute on another thread, then dispatches: back to this servlet without a
     * {@code path} parameter, else to that path, which sees the same request and session.
     */
    private static void asyncDispatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            response.getWriter().print("dispatched:" + request.getSession().getAttribute(request.getParameter("name")));
            return;
        }
        AsyncContext async = request.startAsync();
        async.start(() -> {
            ((HttpServletRequest) async.getRequest()).getSession()
                    .setAttribute(request.getParameter("name"), request.getParameter("value"));
            String path = request.getParameter("path");
            if (path == null) {
                async.dispatch();
            } else {
                async.dispatch(path);
            }
        });
    }

    /**
     * {@code sendError(code)}; first, with {@code create}, puts "before-error" in the session and,
     * with {@code cookie}, adds a cookie of the application's own.
     */
    private static void fail(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getParameter("cookie") != null) {
            response.addCookie(new Cookie("theme", "dark"));
        }
        if (request.getParameter("create") != null) {
            request.getSession().setAttribute("before-error", "yes");
        }
        response.sendError(Integer.parseInt(request.getParameter("code")));
    }

    /** Reads the session; {@code then} = create, changeId or invalidate changes it first. */
    private static void errorPage(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (request.getParameter("in") != null) {
            Script.serve(request, response);
            return;
        }
        String then = request.getParameter("then");
        if ("create".equals(then)) {
            request.getSession().setAttribute("created-by", "error-page");
        } else if ("changeId".equals(then)) {
            request.changeSessionId();
        } else if ("invalidate".equals(then)) {
            request.getSession().invalidate();
        }
        HttpSession session = request.getSession(false);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print("error-page status=" + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)
                + " id=" + (session == null ? "none" : session.getId())
                + " user=" + (session == null ? "no-session" : session.getAttribute("user"))
                + " before-error=" + (session == null ? null : session.getAttribute("before-error")));
    }

    private static void holdIfAsked(HttpServletRequest request, HttpSession session) {
        String token = request.getParameter("hold");
        if (token != null) {
            Holds.hold(token, session.getId());
        }
    }

    private static void add(ServletContext context, String node, String path, Handler handler) {
        ServletRegistration.Dynamic registration = context.addServlet(path, new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
                response.setHeader("X-Served-By", node);
                handler.handle(request, response);
            }
        });
        registration.setAsyncSupported(true);
        registration.addMapping(path);
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        // Nothing to release: the servlets hold no resources.
    }
}
