package dev.portablesession.internal.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session identifiers: 256 random bits from {@link SecureRandom}, written as 43 URL-safe Base64
 * characters (no padding), so they travel unchanged in cookies, headers and URLs.
 */
public final class SessionIds {

    /** Length of every id this library issues. */
    public static final int LENGTH = 43;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private SessionIds() {
    }

    /** Returns a new, unguessable session id. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Tells whether {@code id} has the shape of an id this library issues. A presented id of any
     * other shape is treated as absent, without asking the store, so garbage never costs a Redis
     * round trip and never reaches a key name.
     */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
