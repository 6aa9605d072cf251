package dev.portablesession.internal.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Validators for the settings whose values are names, paths or choices. */
final class Syntax {

    static final int MAX_NAMESPACE_LENGTH = 100;

    /** RFC 6265 cookie-name: an RFC 7230 token. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern DOMAIN = Pattern.compile("\\.?" + LABEL + "(\\." + LABEL + ")*");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\s]+");
    private static final Pattern AROUND_EQUALS = Pattern.compile("\\s*=\\s*");

    private Syntax() {
    }

    static String cookieName(String text) {
        if (!TOKEN.matcher(text).matches()) {
            throw new RejectedValue("expected a cookie name: letters, digits and "
                    + "!#$%&'*+-.^_`|~ only (an RFC 6265 token)");
        }
        return text;
    }

    static String cookiePath(String text) {
        if (!text.startsWith("/") || text.chars().anyMatch(c -> c == ';' || isSpaceOrControl(c))) {
            throw new RejectedValue("expected a path that starts with / and contains no ';', "
                    + "whitespace or control characters");
        }
        return text;
    }

    static String cookieDomain(String text) {
        if (!DOMAIN.matcher(text).matches()) {
            throw new RejectedValue("expected a domain name such as example.com");
        }
        return text;
    }

    static String namespace(String text) {
        if (text.length() > MAX_NAMESPACE_LENGTH
                || text.chars().anyMatch(c -> c == '{' || c == '}' || isSpaceOrControl(c))) {
            // Braces would break the {<bucket>} Redis Cluster hash tag of every key.
            throw new RejectedValue("expected 1 to " + MAX_NAMESPACE_LENGTH
                    + " characters without '{', '}', whitespace or control characters");
        }
        return text;
    }

    static boolean bool(String text) {
        return oneOf(text, new Boolean[] {true, false}, String::valueOf);
    }

    /**
     * Session tracking modes, separated by commas or whitespace: {@code COOKIE}, {@code URL} or
     * both, in upper case. {@code SSL} is refused: a filter cannot reach the TLS session.
     */
    static Set<String> trackingModes(String text) {
        Set<String> modes = new LinkedHashSet<>();
        for (String mode : LIST_SEPARATOR.split(text)) {
            if (mode.isEmpty()) {
                continue;
            }
            if (mode.equalsIgnoreCase("SSL")) {
                throw new RejectedValue("SSL tracking is not supported (a filter cannot reach the TLS session); "
                        + "expected COOKIE, URL or COOKIE,URL");
            }
            modes.add(oneOf(mode, new String[] {"COOKIE", "URL"}, String::valueOf));
        }
        if (modes.isEmpty()) {
            throw new RejectedValue("expected COOKIE, URL or COOKIE,URL");
        }
        return Set.copyOf(modes);
    }

    /**
     * Class names and package patterns ({@code com.acme.Cart}, {@code com.acme.*},
     * {@code com.acme.**}) separated by commas or whitespace; duplicates dropped, order kept.
     */
    static List<String> allowList(String text) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : LIST_SEPARATOR.split(text)) {
            if (!entry.isEmpty()) {
                entries.add(allowEntry(entry));
            }
        }
        return List.copyOf(entries);
    }

    /**
     * Fully qualified class names separated by commas or whitespace; duplicates dropped, order kept.
     *
     * @param example a name the error message shows, such as {@code com.acme.AuditListener}
     */
    static List<String> classNames(String text, String example) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : LIST_SEPARATOR.split(text)) {
            if (name.isEmpty()) {
                continue;
            }
            if (!isQualifiedName(name)) {
                throw new RejectedValue("\"" + name + "\" is not a class name; expected fully qualified names such as "
                        + example + ", separated by commas or spaces");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /**
     * {@code target=mix-in} pairs of fully qualified class names, separated by commas or
     * whitespace (spaces around {@code =} allowed); a repeated pair is dropped, order kept.
     */
    static Map<String, String> mixIns(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String entry : LIST_SEPARATOR.split(AROUND_EQUALS.matcher(text).replaceAll("="))) {
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String target = equals < 0 ? entry : entry.substring(0, equals);
            String mixIn = equals < 0 ? "" : entry.substring(equals + 1);
            if (!isQualifiedName(target) || !isQualifiedName(mixIn)) {
                throw new RejectedValue("\"" + entry + "\" is not a target=mix-in pair of class names; expected pairs "
                        + "such as com.acme.Money=com.acme.json.MoneyMixIn, separated by commas or spaces");
            }
            String earlier = pairs.putIfAbsent(target, mixIn);
            if (earlier != null && !earlier.equals(mixIn)) {
                throw new RejectedValue(target + " is given two mix-ins, " + earlier + " and " + mixIn
                        + "; a class takes one (put the annotations of both in one mix-in)");
            }
        }
        return Collections.unmodifiableMap(pairs);
    }

    /**
     * Servlet URL patterns as in a filter mapping: an exact path ({@code /health}), a path prefix
     * ({@code /static/*}) or an extension ({@code *.css}).
     */
    static List<String> urlPatterns(String text) {
        Set<String> patterns = new LinkedHashSet<>();
        for (String pattern : text.split(",")) {
            String trimmed = pattern.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            boolean extension = trimmed.startsWith("*.") && trimmed.length() > 2 && trimmed.indexOf('/') < 0
                    && trimmed.indexOf('*', 1) < 0;
            boolean path = trimmed.startsWith("/") && (trimmed.indexOf('*') < 0
                    || (trimmed.endsWith("/*") && trimmed.indexOf('*') == trimmed.length() - 1));
            if ((!extension && !path) || trimmed.chars().anyMatch(Syntax::isSpaceOrControl)) {
                throw new RejectedValue("\"" + trimmed + "\" is not a URL pattern; expected patterns such as "
                        + "/health (exact path), /static/* (path prefix) or *.css (extension), separated by commas");
            }
            patterns.add(trimmed);
        }
        return List.copyOf(patterns);
    }

    /** The constant whose spelling equals {@code text}, ignoring case. */
    static int count(String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RejectedValue("expected a whole number from " + min + " to " + max);
    }

    static <E> E oneOf(String text, E[] constants, Function<E, String> spelling) {
        return Stream.of(constants)
                .filter(c -> spelling.apply(c).equalsIgnoreCase(text))
                .findFirst()
                .orElseThrow(() -> new RejectedValue("expected one of "
                        + Stream.of(constants).map(spelling).collect(Collectors.joining(", "))));
    }

    private static String allowEntry(String entry) {
        String name = entry.endsWith(".**") ? entry.substring(0, entry.length() - 3)
                : entry.endsWith(".*") ? entry.substring(0, entry.length() - 2)
                : entry;
        if (!isQualifiedName(name)) {
            throw new RejectedValue("\"" + entry + "\" is not a class name or package pattern; "
                    + "expected entries such as com.acme.Cart, com.acme.* (classes of the package) "
                    + "or com.acme.** (and its subpackages), separated by commas or spaces");
        }
        return entry;
    }

    private static boolean isQualifiedName(String name) {
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))
                    || !part.chars().allMatch(Syntax::isIdentifierPart)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifierPart(int c) {
        return Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c);
    }

    private static boolean isSpaceOrControl(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
    }

    /** The value in double quotes, with control characters escaped so a message stays one line. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
            } else if (Character.isISOControl(c)) {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }
}
