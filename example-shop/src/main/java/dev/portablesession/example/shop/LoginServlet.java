package dev.portablesession.example.shop;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/** {@code POST /login} with form field {@code user}: logs in under a fresh session id, then redirects home. */
public final class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user;
        try {
            user = Inputs.user(request);
        } catch (InvalidInputException e) {
            Responses.plainText(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        HttpSession session = request.getSession();
        // A new id at the moment of privilege change: an id planted in the browser before login is worthless after it.
        request.changeSessionId();
        session.setAttribute(ShopSession.USER, user);
        Responses.redirectHome(request, response);
    }
}
