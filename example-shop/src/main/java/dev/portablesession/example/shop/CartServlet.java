package dev.portablesession.example.shop;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;

/** {@code POST /cart} with form field {@code item}: appends the item to the cart in place, then redirects home. */
public final class CartServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String item;
        try {
            item = Inputs.item(request);
        } catch (InvalidInputException e) {
            Responses.plainText(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        HttpSession session = request.getSession();
        List<String> cart = ShopSession.cartToChange(session);
        if (cart.size() >= ShopSession.MAX_CART_ITEMS) {
            Responses.plainText(response, HttpServletResponse.SC_CONFLICT,
                    "the cart is full (" + ShopSession.MAX_CART_ITEMS + " items); log out to empty it");
            return;
        }
        // In place, with no setAttribute: the filter finds the change when it saves.
        cart.add(item);
        Responses.redirectHome(request, response);
    }
}
