package dev.portablesession.it;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * Servlets that exercise the session the way applications do, driven by query parameters. Every
 * response says which node served it in {@code X-Served-By}.
 */
final class TestServlets {

    private TestServlets() {
    }

    static void register(ServletContextHandler context, String node) {
        add(context, node, "/s", TestServlets::session);
        add(context, node, "/redirect", (request, response) -> {
            request.getSession().setAttribute(request.getParameter("name"), request.getParameter("value"));
            response.sendRedirect("/s?op=get&name=" + request.getParameter("name"));
            sleep(request);
        });
        // Sets an attribute, sleeps, then commits the response (how=redirect or flush) and sets it
        // again; swallow=1 catches what the commit throws, as a careless application would.
        add(context, node, "/stall-then-commit", (request, response) -> {
            String name = request.getParameter("name");
            request.getSession().setAttribute(name, request.getParameter("value"));
            sleep(request);
            try {
                if (request.getParameter("how").equals("redirect")) {
                    response.sendRedirect("/s?op=get&name=" + name);
                } else {
                    response.getWriter().print("flushed");
                    response.flushBuffer();
                }
            } catch (RuntimeException e) {
                if (request.getParameter("swallow") == null) {
                    throw e;
                }
            }
            request.getSession().setAttribute(name, request.getParameter("value") + "-after-commit");
        });
        add(context, node, "/stream", (request, response) -> {
            request.getSession().setAttribute(request.getParameter("name"), request.getParameter("value"));
            int bytes = Integer.parseInt(request.getParameter("bytes"));
            OutputStream out = response.getOutputStream();
            byte[] chunk = new byte[1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int written = 0; written < bytes; written += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, bytes - written));
            }
            sleep(request);
        });
        add(context, node, "/writer", (request, response) -> {
            request.getSession().setAttribute(request.getParameter("name"), request.getParameter("value"));
            response.setContentType("text/plain;charset=UTF-8");
            int chars = Integer.parseInt(request.getParameter("chars"));
            response.getWriter().print("é".repeat(chars));
            sleep(request);
        });
        add(context, node, "/async", (request, response) -> {
            AsyncContext async = request.startAsync();
            async.start(() -> {
                try {
                    HttpServletRequest asyncRequest = (HttpServletRequest) async.getRequest();
                    asyncRequest.getSession().setAttribute(request.getParameter("name"), request.getParameter("value"));
                    async.getResponse().getWriter().print("async-done");
                    async.complete();
                    sleep(request);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        });
        // Loads the session, then after ?wait= ms dispatches to /s?op=set&name=async&value=done from another thread.
        add(context, node, "/async-dispatch", (request, response) -> {
            request.getSession();
            AsyncContext async = request.startAsync();
            long wait = Long.parseLong(request.getParameter("wait"));
            async.start(() -> {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                async.dispatch("/s?op=set&name=async&value=done");
            });
        });
        add(context, node, "/forward", (request, response) ->
                request.getRequestDispatcher("/s").forward(request, response));
        add(context, node, "/include", (request, response) -> {
            request.getRequestDispatcher("/s").include(request, response);
            response.getWriter().print("|included");
        });
        // Changes a list in place after an include, then (mode=committed) after committing the
        // response, through the reference taken before (mode=again: got from the session again).
        add(context, node, "/change-later", (request, response) -> {
            HttpSession session = request.getSession();
            List<String> list = stringList(session, "list");
            if (list == null) {
                list = new ArrayList<>();
                session.setAttribute("list", list);
            }
            String mode = request.getParameter("mode");
            if (mode.equals("include")) {
                request.getRequestDispatcher("/s?op=none").include(request, response);
            } else {
                response.getWriter().print("committed");
                response.flushBuffer();
            }
            if (mode.equals("again")) {
                list = stringList(session, "list");
            }
            list.add(request.getParameter("value"));
        });
        add(context, node, "/missing", (request, response) -> {
            request.getSession().setAttribute("before-error", "yes");
            response.sendError(404);
        });
        add(context, node, "/error-page", (request, response) -> {
            HttpSession session = request.getSession(false);
            response.getWriter().print("error-page user=" + (session == null ? "no-session" : session.getAttribute("user"))
                    + " before-error=" + (session == null ? null : session.getAttribute("before-error")));
        });
    }

    @SuppressWarnings("unchecked")
    private static List<String> stringList(HttpSession session, String name) {
        return (List<String>) session.getAttribute(name);
    }

    private static void session(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String op = request.getParameter("op");
        String name = request.getParameter("name");
        String value = request.getParameter("value");
        response.setContentType("text/plain;charset=UTF-8");
        StringBuilder out = new StringBuilder();
        switch (op) {
            case "none" -> out.append("untouched");
            case "filter-attributes" -> {
                // The request attributes the filter left, after reading the session if asked to.
                if (request.getParameter("touch") != null) {
                    request.getSession(false);
                }
                for (String attribute : Collections.list(request.getAttributeNames())) {
                    if (attribute.startsWith("dev.portablesession.")) {
                        out.append(attribute).append('\n');
                    }
                }
            }
            case "create" -> {
                HttpSession session = request.getSession();
                out.append(session.getId()).append(";new=").append(session.isNew());
            }
            case "set" -> {
                request.getSession().setAttribute(name, value);
                out.append("ok");
            }
            case "setInt" -> {
                request.getSession().setAttribute(name, Integer.valueOf(value));
                out.append("ok");
            }
            case "increment" -> {
                HttpSession session = request.getSession();
                Integer current = (Integer) session.getAttribute(name);
                int next = current == null ? 1 : current + 1;
                session.setAttribute(name, next);
                out.append(next);
            }
            case "append" -> {
                HttpSession session = request.getSession();
                @SuppressWarnings("unchecked")
                List<String> list = (List<String>) session.getAttribute(name);
                if (list == null) {
                    list = new ArrayList<>();
                    session.setAttribute(name, list);
                }
                list.add(value);
                out.append(list);
            }
            case "cart-add" -> {
                HttpSession session = request.getSession();
                Cart cart = (Cart) session.getAttribute(name);
                if (cart == null) {
                    cart = new Cart();
                    session.setAttribute(name, cart);
                }
                cart.items.add(value);
                out.append(cart.items);
            }
            case "cart-get" -> {
                HttpSession session = request.getSession(false);
                Cart cart = session == null ? null : (Cart) session.getAttribute(name);
                out.append(cart == null ? "no-cart" : cart.items);
            }
            case "get-after-failure" -> {
                try {
                    request.getSession(false);
                    out.append("loaded");
                } catch (RuntimeException first) {
                    // An application that catches the failure and asks again must not get a new session.
                    try {
                        HttpSession session = request.getSession(true);
                        out.append("second call gave ").append(session.isNew() ? "a new session" : "the session");
                    } catch (RuntimeException second) {
                        out.append("failed twice");
                    }
                }
            }
            case "get" -> {
                HttpSession session = request.getSession(false);
                out.append(session == null ? "no-session" : String.valueOf(session.getAttribute(name)));
            }
            case "get2" -> {
                HttpSession first = request.getSession(false);
                HttpSession second = request.getSession(false);
                out.append(first == null ? "no-session" : first.getAttribute(name) + "," + second.getAttribute(name));
            }
            case "remove" -> {
                request.getSession().removeAttribute(name);
                out.append("ok");
            }
            case "info" -> {
                HttpSession session = request.getSession(false);
                if (session == null) {
                    out.append("no-session");
                } else {
                    out.append("id=").append(session.getId())
                            .append(";new=").append(session.isNew())
                            .append(";created=").append(session.getCreationTime())
                            .append(";accessed=").append(session.getLastAccessedTime())
                            .append(";max=").append(session.getMaxInactiveInterval())
                            .append(";names=").append(String.join(",", Collections.list(session.getAttributeNames())));
                }
            }
            case "invalidate" -> {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                out.append(request.getSession(false) == null ? "invalidated" : "still-there");
            }
            case "invalidate-then-use" -> {
                HttpSession session = request.getSession();
                session.invalidate();
                try {
                    session.getAttribute("x");
                    out.append("no-exception");
                } catch (IllegalStateException e) {
                    out.append("IllegalStateException");
                }
            }
            case "changeId" -> {
                String before = request.getSession().getId();
                String after = request.changeSessionId();
                out.append(before).append("->").append(after).append(";session=").append(request.getSession().getId());
            }
            case "maxInactive" -> {
                request.getSession().setMaxInactiveInterval(Integer.parseInt(value));
                out.append("ok");
            }
            case "requested" -> out.append("id=").append(request.getRequestedSessionId())
                    .append(";valid=").append(request.isRequestedSessionIdValid())
                    .append(";cookie=").append(request.isRequestedSessionIdFromCookie())
                    .append(";url=").append(request.isRequestedSessionIdFromURL());
            case "changeId-requested" -> {
                request.getSession(false);
                String after = request.changeSessionId();
                out.append("new=").append(after).append(";id=").append(request.getRequestedSessionId())
                        .append(";valid=").append(request.isRequestedSessionIdValid());
            }
            case "encode" -> {
                if (value != null) {
                    request.getSession();
                }
                String url = request.getParameter("url");
                out.append(response.encodeURL(url)).append('|').append(response.encodeRedirectURL(url));
            }
            case "big" -> {
                try {
                    request.getSession().setAttribute(name, "x".repeat(Integer.parseInt(value)));
                    out.append("ok");
                } catch (IllegalArgumentException e) {
                    response.setStatus(400);
                    out.append(e.getMessage());
                }
            }
            case "unencodable" -> {
                try {
                    request.getSession().setAttribute(name, new NotAllowed("secret-value"));
                    out.append("ok");
                } catch (IllegalArgumentException e) {
                    response.setStatus(400);
                    out.append(e.getMessage());
                }
            }
            default -> {
                response.setStatus(400);
                out.append("unknown op ").append(op);
            }
        }
        sleep(request);
        response.getWriter().print(out);
    }

    private static void sleep(HttpServletRequest request) {
        String millis = request.getParameter("sleep");
        if (millis != null) {
            try {
                Thread.sleep(Long.parseLong(millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void add(ServletContextHandler context, String node, String path, Handler handler) {
        ServletHolder holder = new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
                response.setHeader("X-Served-By", node);
                handler.handle(request, response);
            }
        });
        holder.setAsyncSupported(true);
        context.addServlet(holder, path);
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException;
    }

    /** A mutable application object, changed in place by {@code op=cart-add}. */
    public static final class Cart {
        public List<String> items = new ArrayList<>();
    }

    /** A type outside the codec's allow-list. */
    public record NotAllowed(String secret) {
    }
}
