package dev.portablesession.internal.filter;

import java.util.List;

/**
 * Servlet URL patterns as in a filter mapping: an exact path ({@code /health}), a path prefix
 * ({@code /static/*}, which also matches {@code /static}) or an extension ({@code *.css}),
 * matched against the path inside the application.
 */
final class UrlPatterns {

    private final List<String> patterns;

    UrlPatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    boolean matches(String path) {
        for (String pattern : patterns) {
            if (pattern.startsWith("*.")) {
                String lastSegment = path.substring(path.lastIndexOf('/') + 1);
                if (lastSegment.endsWith(pattern.substring(1))) {
                    return true;
                }
            } else if (pattern.endsWith("/*")) {
                String prefix = pattern.substring(0, pattern.length() - 2);
                if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                    return true;
                }
            } else if (path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
