package dev.portablesession.example.shop;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /}: which node answered, who is logged in, the cart, and the forms to change them. Viewing the page
 * never creates a session.
 */
public final class HomeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        String user = ShopSession.user(session);
        List<String> cart = ShopSession.items(session);
        String base = Html.escape(request.getContextPath());

        StringBuilder html = new StringBuilder(2048);
        html.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Portable Session shop</title>
                <style>
                body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
                .node { font-size: 1.5rem; padding: .5rem 1rem; background: #eef; border-radius: .5rem; }
                form { margin: .5rem 0; }
                code { font-size: .9rem; }
                </style>
                </head>
                <body>
                <h1>Portable Session shop</h1>
                """);
        html.append("<p class=\"node\">Served by <strong id=\"node\">")
                .append(Html.escape(ShopServlets.nodeName(getServletContext())))
                .append("</strong></p>\n")
                .append("<p>Reload the page: the balancer sends every request to the next node,"
                        + " and the session follows because it lives in Redis.</p>\n");

        html.append("<h2>You</h2>\n");
        if (session == null) {
            html.append("<p>No session yet: logging in or adding to the cart starts one.</p>\n");
        } else {
            html.append("<p>Session <code>").append(Html.escape(abbreviate(session.getId()))).append("</code></p>\n");
        }
        if (user == null) {
            html.append("<form method=\"post\" action=\"").append(base).append("/login\" accept-charset=\"UTF-8\">")
                    .append("<label>Name <input name=\"user\" required maxlength=\"").append(Inputs.MAX_USER_LENGTH)
                    .append("\"></label> <button>Log in</button></form>\n");
        } else {
            html.append("<p>Logged in as <strong id=\"user\">").append(Html.escape(user)).append("</strong></p>\n")
                    .append("<form method=\"post\" action=\"").append(base).append("/logout\">")
                    .append("<button>Log out</button></form>\n");
        }

        html.append("<h2>Cart</h2>\n");
        if (cart.isEmpty()) {
            html.append("<p>The cart is empty.</p>\n");
        } else {
            html.append("<ul id=\"cart\">\n");
            cart.forEach(item -> html.append("<li>").append(Html.escape(item)).append("</li>\n"));
            html.append("</ul>\n");
        }
        html.append("<form method=\"post\" action=\"").append(base).append("/cart\" accept-charset=\"UTF-8\">")
                .append("<label>Item <input name=\"item\" required maxlength=\"").append(Inputs.MAX_ITEM_LENGTH)
                .append("\"></label> <button>Add to cart</button></form>\n");

        html.append("<p><a href=\"").append(base).append("/api/session\">This session as JSON</a></p>\n")
                .append("</body>\n</html>\n");

        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(html.toString());
    }

    /** Enough of the id to see it change at login, without printing a whole credential on the page. */
    private static String abbreviate(String sessionId) {
        return sessionId.length() <= 8 ? sessionId : sessionId.substring(0, 8) + "…";
    }
}
