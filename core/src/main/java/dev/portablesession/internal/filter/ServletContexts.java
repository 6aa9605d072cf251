package dev.portablesession.internal.filter;

import jakarta.servlet.ServletContext;

/** What the filter and the initializer both need to know about a web application's context. */
public final class ServletContexts {

    private ServletContexts() {
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
