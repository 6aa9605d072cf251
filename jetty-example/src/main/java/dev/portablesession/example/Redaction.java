package dev.portablesession.example;

import java.util.regex.Pattern;

/** Keeps Redis passwords out of the console: the URL's user-info part is masked wherever it is printed. */
final class Redaction {

    /** Greedy up to the last '@', so an unencoded '@' or '/' in a password cannot leak its tail. */
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://).*@");

    private Redaction() {
    }

    /** {@code redis://:secret@host:6379} becomes {@code redis://***@host:6379}; a URL without user-info is returned as is. */
    static String redact(String url) {
        return USER_INFO.matcher(url).replaceFirst("$1***@");
    }
}
