package dev.portablesession.internal.filter;

import dev.portablesession.CookieSecure;
import dev.portablesession.SameSite;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.session.SessionIds;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Reads the session id from the request's cookies and writes the {@code Set-Cookie} header
 * itself: some containers drop {@code SameSite} from {@link Cookie} objects, and the header is
 * the same on every container this way.
 */
final class SessionCookie {

    private static final DateTimeFormatter EXPIRES = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";

    private final String name;
    private final String path;
    private final String domain;
    private final CookieSecure secure;
    private final boolean httpOnly;
    private final String sameSite;
    private final int maxAge;
    /** Attributes from the container's cookie config that no setting covers ({@code Priority=High}, {@code Partitioned}). */
    private final List<String> extraAttributes;

    SessionCookie(Settings settings, String contextPath, List<String> extraAttributes) {
        this.name = settings.cookieName();
        this.path = settings.cookiePath().orElse(contextPath == null || contextPath.isEmpty() ? "/" : contextPath);
        this.domain = settings.cookieDomain().orElse(null);
        this.secure = settings.cookieSecure();
        this.httpOnly = settings.cookieHttpOnly();
        this.sameSite = settings.cookieSameSite().attributeValue();
        this.maxAge = settings.cookieMaxAgeSeconds();
        this.extraAttributes = List.copyOf(extraAttributes);
    }

    /**
     * The first well-formed session id among the request's cookies of our name, or null. Ids of
     * the wrong shape count as absent, so they never cost a Redis call.
     *
     * <p>Read from the {@code Cookie} headers rather than {@code getCookies()}: Undertow keeps
     * only the last cookie of each name, and when the browser holds two (this application's and
     * one of a wider path, say another application's), the first is this application's.
     */
    String requestedId(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Cookie");
        while (headers != null && headers.hasMoreElements()) {
            for (String pair : headers.nextElement().split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).strip().equals(name)) {
                    String value = unquoted(pair.substring(equals + 1).strip());
                    if (SessionIds.isWellFormed(value)) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    /** A {@code Set-Cookie} value that gives the client {@code id}. */
    String issue(HttpServletRequest request, String id) {
        StringBuilder header = base(request, id);
        if (maxAge >= 0) {
            header.append("; Max-Age=").append(maxAge)
                    .append("; Expires=").append(EXPIRES.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(maxAge)));
        }
        return attributes(request, header);
    }

    /** A {@code Set-Cookie} value that makes the client forget its session cookie. */
    String expire(HttpServletRequest request) {
        return attributes(request, base(request, "").append("; Max-Age=0; Expires=").append(EPOCH));
    }

    private StringBuilder base(HttpServletRequest request, String value) {
        StringBuilder header = new StringBuilder(160).append(name).append('=').append(value).append("; Path=").append(path);
        if (domain != null) {
            header.append("; Domain=").append(domain);
        }
        return header;
    }

    private String attributes(HttpServletRequest request, StringBuilder header) {
        if (secure == CookieSecure.ALWAYS || (secure == CookieSecure.AUTO && request.isSecure())) {
            header.append("; Secure");
        }
        if (httpOnly) {
            header.append("; HttpOnly");
        }
        header.append("; SameSite=").append(sameSite);
        extraAttributes.forEach(attribute -> header.append("; ").append(attribute));
        return header.toString();
    }
}
