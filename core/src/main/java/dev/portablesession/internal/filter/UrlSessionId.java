package dev.portablesession.internal.filter;

import dev.portablesession.internal.session.SessionIds;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;

/**
 * The session id as a URL path parameter, {@code ;<cookie name>=<id>}, for
 * {@code tracking-modes=URL}: read from the request URI, and added by {@code encodeURL}.
 *
 * <p>The parameter is named after the cookie, as Tomcat does for a configured cookie name, not
 * {@code jsessionid}: the container would take {@code ;jsessionid=} for its own session id (and
 * strip it), and its own {@code encodeURL} would add a second one. Containers leave a parameter
 * they do not know in {@code getRequestURI()} and out of the servlet path, so it reaches us and
 * does not disturb the mapping.
 */
final class UrlSessionId {

    private final String marker;

    UrlSessionId(String name) {
        this.marker = ";" + name + "=";
    }

    /** The first well-formed id among the request URI's path parameters of our name, or null. */
    String requestedId(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (uri == null) {
            return null;
        }
        for (int at = uri.indexOf(marker); at >= 0; at = uri.indexOf(marker, at + 1)) {
            int start = at + marker.length();
            int end = start;
            while (end < uri.length() && uri.charAt(end) != ';' && uri.charAt(end) != '/') {
                end++;
            }
            String id = uri.substring(start, end);
            if (SessionIds.isWellFormed(id)) {
                return id;
            }
        }
        return null;
    }

    /**
     * {@code url} with the id added to its path, when it leads into this application (same
     * scheme, host and port as the request, path under the context path); otherwise, and for a
     * URL that already carries one, unchanged. The id never goes to another host or application.
     */
    String encode(HttpServletRequest request, String url, String id) {
        if (url == null || url.startsWith("#")) {
            return url;
        }
        int hash = url.indexOf('#');
        String beforeFragment = hash < 0 ? url : url.substring(0, hash);
        int question = beforeFragment.indexOf('?');
        String path = question < 0 ? beforeFragment : beforeFragment.substring(0, question);
        if (path.contains(marker) || !inThisApplication(request, path)) {
            return url;
        }
        return path + marker + id + url.substring(path.length());
    }

    private static boolean inThisApplication(HttpServletRequest request, String path) {
        URI target;
        try {
            target = URI.create(request.getRequestURL().toString()).resolve(path);
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
        if (target.getScheme() == null || !target.getScheme().equalsIgnoreCase(request.getScheme())
                || target.getHost() == null || !bare(target.getHost()).equalsIgnoreCase(bare(request.getServerName()))
                || port(target) != request.getServerPort()) {
            return false;
        }
        String contextPath = request.getContextPath();
        String targetPath = target.getRawPath() == null ? "" : target.getRawPath();
        return contextPath.isEmpty() || targetPath.equals(contextPath) || targetPath.startsWith(contextPath + "/")
                || targetPath.startsWith(contextPath + ";");
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
    }

    /** An IPv6 host without its brackets, which URIs keep and some containers drop. */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
