package dev.portablesession.example.shop;

import jakarta.servlet.http.HttpServletRequest;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Reads and checks the request parameters of the shop's forms and API. */
final class Inputs {

    static final int MAX_USER_LENGTH = 64;
    static final int MAX_ITEM_LENGTH = 100;

    /** Counter names become attribute names; kept to a plain, bounded alphabet. */
    private static final Pattern COUNTER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private Inputs() {
    }

    /** The trimmed form field {@code user}. */
    static String user(HttpServletRequest request) throws InvalidInputException {
        return text(request, ShopSession.USER, MAX_USER_LENGTH);
    }

    /** The trimmed form field {@code item}. */
    static String item(HttpServletRequest request) throws InvalidInputException {
        return text(request, "item", MAX_ITEM_LENGTH);
    }

    /** The parameter {@code name} of {@code /api/counter}, which may not name one of the shop's own attributes. */
    static String counterName(HttpServletRequest request) throws InvalidInputException {
        String name = parameter(request, "name", "parameter");
        if (!COUNTER_NAME.matcher(name).matches()) {
            throw new InvalidInputException("parameter \"name\" must be 1 to 64 characters from [A-Za-z0-9_.-]");
        }
        if (name.equals(ShopSession.USER) || name.equals(ShopSession.CART)) {
            throw new InvalidInputException("\"" + name + "\" is the shop's own attribute, not a counter; choose another name");
        }
        return name;
    }

    private static String text(HttpServletRequest request, String name, int maxLength) throws InvalidInputException {
        String value = parameter(request, name, "form field").strip();
        if (value.isEmpty()) {
            throw new InvalidInputException("form field \"" + name + "\" is blank");
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw new InvalidInputException("form field \"" + name + "\" is longer than " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("form field \"" + name + "\" contains control characters");
        }
        return value;
    }

    private static String parameter(HttpServletRequest request, String name, String kind) throws InvalidInputException {
        if (request.getCharacterEncoding() == null) {
            try {
                // The shop's pages are UTF-8, so their forms are too; the Servlet default would be ISO-8859-1.
                request.setCharacterEncoding(StandardCharsets.UTF_8.name());
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        String value = request.getParameter(name);
        if (value == null) {
            throw new InvalidInputException("missing " + kind + " \"" + name + "\"");
        }
        return value;
    }
}
