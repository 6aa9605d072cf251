package dev.portablesession.benchmarks.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The application under load: one path per scenario, the same code behind every variant. A
 * request that expects a session and finds none answers 410, which the load generator counts as
 * an error (a lost session).
 *
 * <p>Init-param {@code set-after-change=true} makes the cart scenario call {@code setAttribute}
 * after changing the cart in place, which Spring Session needs to notice the change (its
 * {@code SaveMode.ON_SET_ATTRIBUTE} default); the container and Portable Session see in-place
 * changes by themselves.
 *
 * <p>Init-param {@code created-session-seconds=N} gives each session the create scenario makes a
 * lifetime of N seconds, for the in-memory variant, whose sessions would otherwise fill the
 * server's heap (see {@code BenchServer}).
 */
public final class ScenarioServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);

    private boolean setAfterChange;
    private int createdSessionSeconds;

    @Override
    public void init() {
        setAfterChange = Boolean.parseBoolean(getInitParameter("set-after-change"));
        String created = getInitParameter("created-session-seconds");
        createdSessionSeconds = created == null ? 0 : Integer.parseInt(created);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (path) {
            case "/setup" -> setup(request, response);
            case "/none" -> send(response, OK);
            case "/read" -> read(request, response);
            case "/readall" -> readAll(request, response);
            case "/write" -> write(request, response);
            case "/cart" -> cart(request, response);
            case "/create" -> create(request, response);
            case "/incr" -> increment(request, response);
            case "/counters" -> counters(request, response);
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    /**
     * {@code ?kind=small|cart|counters}, or {@code ?kind=sized&chars=N&parts=P} (P string attributes
     * {@code part-0}, ... of N/P characters each): a new session for the load generator's pools.
     */
    private static void setup(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int user = ThreadLocalRandom.current().nextInt(1_000_000);
        String kind = String.valueOf(request.getParameter("kind"));
        if (kind.equals("sized")) {
            sized(request, response);
            return;
        }
        HttpSession session = request.getSession(true);
        switch (kind) {
            case "small" -> session.setAttribute("profile", SessionData.profile(user));
            case "cart" -> {
                session.setAttribute("profile", SessionData.profile(user));
                session.setAttribute("cart", SessionData.cart(user));
            }
            case "counters" -> session.setAttribute("started", System.currentTimeMillis());
            default -> {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "kind must be small, cart, counters or sized");
                return;
            }
        }
        send(response, OK);
    }

    private static void read(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        UserProfile profile = session == null ? null : (UserProfile) session.getAttribute("profile");
        if (profile == null) {
            lost(response);
            return;
        }
        send(response, (profile.displayName() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void sized(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int chars;
        int parts;
        try {
            chars = Integer.parseInt(request.getParameter("chars"));
            parts = Integer.parseInt(request.getParameter("parts"));
        } catch (NumberFormatException e) {
            chars = -1;
            parts = -1;
        }
        if (parts < 1 || chars < parts || chars > SessionData.MAX_SIZED_CHARS) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST,
                    "sized needs parts >= 1 and chars from parts to " + SessionData.MAX_SIZED_CHARS);
            return;
        }
        HttpSession session = request.getSession(true);
        for (int part = 0; part < parts; part++) {
            session.setAttribute("part-" + part, SessionData.text(chars / parts));
        }
        send(response, OK);
    }

    /** Reads every attribute (a sized session's strings) and answers their total length. */
    private static void readAll(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        long chars = 0;
        int strings = 0;
        if (session != null) {
            for (String name : Collections.list(session.getAttributeNames())) {
                if (session.getAttribute(name) instanceof String text) {
                    chars += text.length();
                    strings++;
                }
            }
        }
        if (strings == 0) {
            lost(response);
            return;
        }
        send(response, (chars + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session == null) {
            lost(response);
            return;
        }
        session.setAttribute("lastSeen", System.nanoTime());
        send(response, OK);
    }

    private void cart(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        @SuppressWarnings("unchecked")
        List<CartItem> cart = session == null ? null : (List<CartItem>) session.getAttribute("cart");
        if (cart == null) {
            lost(response);
            return;
        }
        int line = ThreadLocalRandom.current().nextInt(cart.size());
        CartItem item = cart.get(line);
        cart.set(line, item.withQuantity(item.quantity() % 9 + 1));
        if (setAfterChange) {
            session.setAttribute("cart", cart);
        }
        send(response, OK);
    }

    private void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(true);
        if (createdSessionSeconds > 0) {
            session.setMaxInactiveInterval(createdSessionSeconds);
        }
        session.setAttribute("visits", 1);
        send(response, OK);
    }

    /** {@code ?c=N}: client N adds one to its own counter, {@code counter-N}. */
    private static void increment(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session == null) {
            lost(response);
            return;
        }
        String name = "counter-" + Integer.parseInt(request.getParameter("c"));
        Integer count = (Integer) session.getAttribute(name);
        session.setAttribute(name, count == null ? 1 : count + 1);
        send(response, OK);
    }

    /** Every counter of the session, one {@code counter-N=value} per line, for the lost-update check. */
    private static void counters(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        if (session == null) {
            lost(response);
            return;
        }
        TreeMap<String, Object> counters = new TreeMap<>();
        for (String name : Collections.list(session.getAttributeNames())) {
            if (name.startsWith("counter-")) {
                counters.put(name, session.getAttribute(name));
            }
        }
        StringBuilder body = new StringBuilder();
        counters.forEach((name, value) -> body.append(name).append('=').append(value).append('\n'));
        send(response, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void lost(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_GONE);
        send(response, "no session\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void send(HttpServletResponse response, byte[] body) throws IOException {
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
