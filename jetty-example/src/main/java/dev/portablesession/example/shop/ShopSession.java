package dev.portablesession.example.shop;

import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;

/** The shop's session attributes: who is logged in and what is in the cart. */
final class ShopSession {

    static final String USER = "user";
    static final String CART = "cart";

    /** Enough for a demo, and a bound on what one client can make the server store. */
    static final int MAX_CART_ITEMS = 100;

    private ShopSession() {
    }

    /** The logged-in user, or {@code null}; {@code session} may be {@code null}. */
    static String user(HttpSession session) {
        Object user = session == null ? null : session.getAttribute(USER);
        return user == null ? null : user.toString();
    }

    /**
     * A modifiable copy of the cart, empty when there is none. A copy, because the session keeps what was last
     * passed to {@code setAttribute}: a change is stored only when it is set again.
     */
    static List<String> cart(HttpSession session) {
        Object cart = session == null ? null : session.getAttribute(CART);
        List<String> items = new ArrayList<>();
        if (cart instanceof List<?> list) {
            list.forEach(item -> items.add(String.valueOf(item)));
        }
        return items;
    }
}
