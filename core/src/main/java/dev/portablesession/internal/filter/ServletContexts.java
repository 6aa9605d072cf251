package dev.portablesession.internal.filter;

import dev.portablesession.internal.config.UnknownSettings;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.List;

/** What the filter and the initializer both need to know about a web application's context. */
public final class ServletContexts {

    /** Context attribute: the application-wide names have been checked for misspelt settings. */
    private static final String SETTINGS_CHECKED = ServletContexts.class.getName() + ".settings-checked";

    private ServletContexts() {
    }

    /**
     * Warns about every name in the library's namespaces that names no setting: the filter's
     * init-params (when {@code filter} is given) and, once per application, the
     * {@code portablesession.*} context-params and system properties and the
     * {@code PORTABLESESSION_*} environment variables. The initializer checks first, so a misspelt
     * {@code portablesession.redis.url} is reported even though it keeps the filter from being registered.
     */
    public static void reportUnknownSettings(ServletContext context, FilterConfig filter) {
        boolean checked = context.getAttribute(SETTINGS_CHECKED) != null;
        context.setAttribute(SETTINGS_CHECKED, Boolean.TRUE);
        List<String> messages = UnknownSettings.find(
                filter == null ? List.of() : Collections.list(filter.getInitParameterNames()),
                checked ? List.of() : Collections.list(context.getInitParameterNames()),
                checked ? List.of() : System.getProperties().stringPropertyNames(),
                checked ? List.of() : System.getenv().keySet());
        messages.forEach(message -> LoggingEvents.LOG.log(Level.WARNING, message));
    }

    /**
     * The application's class loader. Embedded servers may have none of their own for the
     * application (Jetty's is null), and some refuse the call; the thread's loader is the
     * application's while the container initializes it.
     */
    public static ClassLoader applicationClassLoader(ServletContext context) {
        try {
            ClassLoader loader = context.getClassLoader();
            if (loader != null) {
                return loader;
            }
        } catch (SecurityException | UnsupportedOperationException e) {
            // Fall through to the thread's loader.
        }
        return Thread.currentThread().getContextClassLoader();
    }

    /** "the root context" or "context /shop", for log lines. */
    public static String describe(ServletContext context) {
        String path = context.getContextPath();
        return path == null || path.isEmpty() ? "the root context" : "context " + path;
    }
}
