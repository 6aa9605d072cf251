package dev.portablesession.example.shop;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/session}: {@code {"node","sessionId","isNew","user","cart"}}. It only looks: without a session
 * it answers with nulls and creates none.
 */
public final class SessionApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", ShopServlets.nodeName(getServletContext()));
        body.put("sessionId", session == null ? null : session.getId());
        body.put("isNew", session != null && session.isNew());
        body.put("user", ShopSession.user(session));
        body.put("cart", ShopSession.items(session));
        Responses.json(response, body);
    }
}
