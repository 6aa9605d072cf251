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

    /** The items in the cart, to show; empty when there is none. {@code session} may be {@code null}. */
    static List<String> items(HttpSession session) {
        Object cart = session == null ? null : session.getAttribute(CART);
        List<String> items = new ArrayList<>();
        if (cart instanceof List<?> list) {
            list.forEach(item -> items.add(String.valueOf(item)));
        }
        return items;
    }

    /**
     * The cart itself, to change in place: the session filter notices at save time that the list
     * changed and writes it, so adding an item needs no second {@code setAttribute}.
     */
    @SuppressWarnings("unchecked")
    static List<String> cartToChange(HttpSession session) {
        if (session.getAttribute(CART) instanceof List<?> cart) {
            return (List<String>) cart;
        }
        List<String> cart = new ArrayList<>();
        session.setAttribute(CART, cart);
        return cart;
    }
}
