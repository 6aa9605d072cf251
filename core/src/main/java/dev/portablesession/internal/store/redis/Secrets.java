package dev.portablesession.internal.store.redis;

import java.util.regex.Pattern;

/** Keeps credentials and session ids out of messages that quote Redis addresses and commands. */
final class Secrets {

    private static final Pattern USER_INFO = Pattern.compile("(?i)(rediss?://)[^@/\\s]*@");
    /** A session id inside its key's hash tag: a bearer credential, as good as a password. */
    private static final Pattern SESSION_ID = Pattern.compile("\\{[A-Za-z0-9_-]{16,}}");
    /**
     * Where Redisson starts listing the command, its parameters and connection internals, with the
     * "for" that some of its messages put in front ("Command execution timeout for command: ...").
     */
    private static final Pattern INTERNALS = Pattern.compile("(?s)(\\s+for)?[,.]?\\s*(Node source|command|params):.*");

    private Secrets() {
    }

    /**
     * Drops the command details Redisson appends to its messages, and masks the user-info part
     * of any {@code redis://} or {@code rediss://} URL and any session id left.
     */
    static String redact(String message) {
        if (message == null) {
            return "no detail";
        }
        String shortened = INTERNALS.matcher(message).replaceFirst("");
        return SESSION_ID.matcher(USER_INFO.matcher(shortened).replaceAll("$1****@")).replaceAll("{…}");
    }
}
