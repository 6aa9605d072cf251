package dev.portablesession.example.shop;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The shop's response shapes: plain-text errors, JSON, and the redirect home after a form post. */
final class Responses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Responses() {
    }

    /** A short plain-text answer such as a 400 that says what was wrong with the input. */
    static void plainText(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println(message);
    }

    /** A JSON object, never cached: it describes one client's session. */
    static void json(HttpServletResponse response, Map<String, ?> body) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }

    /** Post/redirect/get: the browser shows the home page, most likely served by another node. */
    static void redirectHome(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect(request.getContextPath() + "/");
    }
}
