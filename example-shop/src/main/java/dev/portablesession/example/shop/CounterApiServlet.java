package dev.portablesession.example.shop;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/counter?name=X}: adds one to the integer session attribute {@code X}, creating the session
 * and the counter as needed, and answers {@code {"node","name","value"}}.
 */
public final class CounterApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name;
        try {
            name = Inputs.counterName(request);
        } catch (InvalidInputException e) {
            Responses.plainText(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        HttpSession session = request.getSession();
        Object current = session.getAttribute(name);
        if (current != null && !(current instanceof Number)) {
            Responses.plainText(response, HttpServletResponse.SC_CONFLICT,
                    "session attribute \"" + name + "\" holds a " + current.getClass().getSimpleName() + ", not a counter");
            return;
        }
        int value = current == null ? 0 : ((Number) current).intValue();
        if (value == Integer.MAX_VALUE) {
            Responses.plainText(response, HttpServletResponse.SC_CONFLICT, "counter \"" + name + "\" is at its maximum");
            return;
        }
        session.setAttribute(name, value + 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", ShopServlets.nodeName(getServletContext()));
        body.put("name", name);
        body.put("value", value + 1);
        Responses.json(response, body);
    }
}
