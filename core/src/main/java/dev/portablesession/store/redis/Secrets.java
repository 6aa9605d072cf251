package dev.portablesession.store.redis;

import java.util.regex.Pattern;

/** Keeps credentials out of messages that quote Redis addresses. */
final class Secrets {

    private static final Pattern USER_INFO = Pattern.compile("(?i)(rediss?://)[^@/\\s]*@");

    private Secrets() {
    }

    /** Replaces the user-info part of any {@code redis://} or {@code rediss://} URL. */
    static String redact(String message) {
        return message == null ? "no detail" : USER_INFO.matcher(message).replaceAll("$1****@");
    }
}
