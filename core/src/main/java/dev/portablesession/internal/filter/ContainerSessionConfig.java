package dev.portablesession.internal.filter;

import dev.portablesession.InvalidSettingException;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The container's session configuration (web.xml {@code <session-config>}, or the same set
 * through {@link ServletContext}): defaults for our settings, below every explicit one, and the
 * cookie attributes we have no setting for, which go onto our cookie as they are.
 */
record ContainerSessionConfig(Map<String, String> defaults, List<String> extraCookieAttributes) {

    /** Attributes our settings cover; the container's values of them become defaults, not extras. */
    private static final Set<String> COVERED = Set.of("name", "path", "domain", "secure", "httponly", "max-age",
            "expires", "comment", "samesite");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    static ContainerSessionConfig read(ServletContext context) {
        Map<String, String> defaults = new HashMap<>();
        List<String> extras = new ArrayList<>();
        try {
            SessionCookieConfig cookie = context.getSessionCookieConfig();
            if (cookie == null) {
                // Jetty without a session handler has no session config at all, and reports a
                // session timeout of 0, which would mean "never expires".
                return new ContainerSessionConfig(defaults, extras);
            }
            defaults.put("max-inactive-interval", Long.toString(context.getSessionTimeout() * 60L));
            // JSESSIONID is the container's own cookie; sharing its name would let a container session clobber ours.
            if (cookie.getName() != null && !cookie.getName().equalsIgnoreCase("JSESSIONID")) {
                defaults.put("cookie.name", cookie.getName());
            }
            putIfSet(defaults, "cookie.path", cookie.getPath());
            putIfSet(defaults, "cookie.domain", cookie.getDomain());
            putIfSet(defaults, "cookie.same-site", cookie.getAttribute("SameSite"));
            if (cookie.isSecure()) {
                defaults.put("cookie.secure", "true");
            }
            if (cookie.isHttpOnly() || httpOnlyTurnedOff(cookie)) {
                defaults.put("cookie.http-only", Boolean.toString(cookie.isHttpOnly()));
            }
            if (cookie.getMaxAge() >= 0) {
                defaults.put("cookie.max-age", Integer.toString(cookie.getMaxAge()));
            }
            cookie.getAttributes().forEach((name, value) -> extra(name, value).ifPresent(extras::add));
            trackingModes(context).ifPresent(modes -> defaults.put("tracking-modes", modes));
        } catch (UnsupportedOperationException e) {
            // A context handed to a listener not declared in web.xml may refuse these calls; the built-in defaults apply.
        }
        return new ContainerSessionConfig(defaults, List.copyOf(extras));
    }

    /**
     * Whether the application turned {@code HttpOnly} off. {@code isHttpOnly()} is false on every
     * container when nothing is configured, so false alone means nothing. Servlet 6 containers
     * that record only what was configured (Tomcat) hold an {@code HttpOnly} attribute then;
     * Jetty reports its own default as a lower-case {@code httponly=false} whether or not
     * web.xml says so, and cannot be told apart: there, {@code cookie.http-only=false} does it.
     */
    private static boolean httpOnlyTurnedOff(SessionCookieConfig cookie) {
        // Exact spelling: Jetty's map ignores case on get(), and would answer with its default.
        return cookie.getAttributes().entrySet().stream()
                .anyMatch(attribute -> attribute.getKey().equals("HttpOnly") && "false".equalsIgnoreCase(attribute.getValue()));
    }

    /** {@code Priority=High}, {@code Partitioned}: an attribute we have no setting for, as it goes on the cookie. */
    private static Optional<String> extra(String name, String value) {
        if (name == null || value == null || COVERED.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (!TOKEN.matcher(name).matches() || value.chars().anyMatch(c -> c == ';' || c < 0x20 || c == 0x7f)) {
            throw new InvalidSettingException("invalid session cookie attribute " + name + " = \"" + value
                    + "\" (from the container's session cookie config, web.xml <cookie-config>): the name must be a "
                    + "token and the value must not contain ';' or control characters; fix or remove the <attribute>");
        }
        // Partitioned is a flag: present when true, absent when false.
        if (name.equalsIgnoreCase("Partitioned")) {
            return value.isEmpty() || value.equalsIgnoreCase("true") ? Optional.of(name) : Optional.empty();
        }
        return Optional.of(value.isEmpty() ? name : name + "=" + value);
    }

    /**
     * The tracking modes the application configured, as the {@code tracking-modes} setting
     * spells them; empty when they are the container's defaults. Every container reports
     * {@code COOKIE} and {@code URL} as its default and as the effective modes when nothing is
     * configured, so only a difference means the application chose; without one, cookies only.
     * {@code SSL} is dropped: a filter cannot reach the TLS session.
     */
    private static Optional<String> trackingModes(ServletContext context) {
        Set<SessionTrackingMode> effective = context.getEffectiveSessionTrackingModes();
        if (effective == null || effective.equals(context.getDefaultSessionTrackingModes())) {
            return Optional.empty();
        }
        EnumSet<SessionTrackingMode> usable = EnumSet.noneOf(SessionTrackingMode.class);
        effective.stream().filter(mode -> mode != SessionTrackingMode.SSL).forEach(usable::add);
        return usable.isEmpty() ? Optional.empty()
                : Optional.of(usable.stream().map(Enum::name).collect(Collectors.joining(",")));
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }
}
