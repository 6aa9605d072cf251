package dev.portablesession.benchmarks.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The attribute values every variant stores, built the same way for the HTTP benchmark and the
 * micro-benchmarks so their sizes agree: a ~1 KB {@link UserProfile} and a ~50 KB cart (a mutable
 * list of {@link CartItem}), sizes as the JSON codec encodes them.
 */
public final class SessionData {

    /** Lines in the cart: about 50 KB encoded as JSON. */
    public static final int CART_ITEMS = 200;

    /** The largest sized session the setup path makes, in characters. */
    public static final int MAX_SIZED_CHARS = 8_000_000;

    private SessionData() {
    }

    /** A profile of about 1 KB (JSON). */
    public static UserProfile profile(int user) {
        Map<String, String> preferences = new LinkedHashMap<>();
        for (String key : List.of("theme", "currency", "timezone", "newsletter", "layout", "density", "sort-order",
                "page-size", "shipping-method", "payment-method", "home-store", "language", "date-format",
                "number-format", "accessibility", "notifications", "privacy-level", "recently-viewed-limit")) {
            preferences.put(key, key + "-value-" + (user % 7));
        }
        return new UserProfile("user-" + user, "Customer Number " + user, "customer" + user + "@example.com",
                "en_GB", Instant.ofEpochSecond(1_700_000_000L + user),
                new ArrayList<>(List.of("customer", "newsletter-subscriber", "loyalty-gold", "reviewer")),
                preferences);
    }

    /** A cart of {@link #CART_ITEMS} lines, about 50 KB (JSON); mutable, changed in place by the scenario. */
    public static List<CartItem> cart(int user) {
        List<CartItem> cart = new ArrayList<>(CART_ITEMS);
        for (int i = 0; i < CART_ITEMS; i++) {
            // Every string distinct, as in a real cart: no codec gets to store a repeated one by reference.
            cart.add(new CartItem(String.format("SKU-%06d", user * 31 + i), "Product " + i + " of the catalogue",
                    "Product " + i + " is a useful thing; its description is trimmed to keep the line short",
                    1 + i % 5, 199 + 100L * (i % 40)));
        }
        return cart;
    }

    /**
     * {@code length} random letters: text no codec stores shorter than it is, different in every
     * session, and needing no escapes in JSON.
     */
    public static String text(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] letters = new char[length];
        for (int i = 0; i < length; i++) {
            letters[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(letters);
    }
}
