package dev.portablesession;

import dev.portablesession.InvalidSettingException;
import dev.portablesession.internal.config.AutoRegistration;
import dev.portablesession.internal.filter.ServletContexts;
import dev.portablesession.internal.filter.ServletListeners;
import dev.portablesession.internal.config.Setting;
import dev.portablesession.internal.config.SettingSources;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.annotation.WebListener;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Registers {@link RedisSessionFilter} in an application that has the library's jar in
 * {@code WEB-INF/lib} and sets one context-param, with no filter declaration and no code:
 *
 * <pre>{@code
 * <context-param>
 *   <param-name>portablesession.redis.url</param-name>
 *   <param-value>redis://cache.internal:6379</param-value>
 * </context-param>
 * }</pre>
 *
 * <p>The container finds this class through
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer} and calls it before the
 * application starts. It registers the filter as {@value #FILTER_NAME}: for {@code /*}, every
 * dispatcher type, async-supported, and ahead of every filter mapping declared in
 * {@code web.xml} or by annotation, so every other filter sees the session in Redis. It does so
 * when the setting {@code auto-register} is {@code true}, or {@code auto} (the default) and the
 * context-param {@code portablesession.redis.url} or {@code portablesession.redis.config-file}
 * is set.
 *
 * <p>It registers nothing when {@code auto-register} is {@code false} (a context-param
 * {@code portablesession.auto-register}, a system property of that name, or the environment
 * variable {@code PORTABLESESSION_AUTO_REGISTER}), or when the container already knows of a
 * {@code RedisSessionFilter} or subclass from {@code web.xml} or an annotation. A filter
 * registered in code by a {@code ServletContextListener} comes later, so such applications set
 * {@code auto-register=false}; if they forget, the filter wraps each request once and logs a
 * warning.
 *
 * <p>It also asks the container for the application's {@code @WebListener} classes and hands
 * their names to the filter, which calls the session listeners among them for the sessions in
 * Redis; the container calls its own instances only for its own sessions.
 *
 * <p>A container that finds web fragments but does not run initializers (the Jetty 12
 * distribution without its {@code ee10-annotations} or {@code ee11-annotations} module) would
 * leave the application on its own sessions without a word. So the jar's
 * {@code META-INF/web-fragment.xml} also declares this class as a listener: when the container
 * starts the application without having called {@link #onStartup}, the listener does the same
 * registration and logs a warning that names the missing module.
 */
@HandlesTypes(WebListener.class)
public final class RedisSessionInitializer implements ServletContainerInitializer, ServletContextListener {

    /**
     * The name this initializer registers the filter under, for an application that looks the
     * registration up with {@code ServletContext.getFilterRegistration}.
     */
    public static final String FILTER_NAME = "RedisSessionFilter";

    private static final System.Logger LOG = System.getLogger("dev.portablesession");

    /** Context attribute set by {@link #onStartup}, so the listener knows the container ran it. */
    private static final String RAN = RedisSessionInitializer.class.getName() + ".ran";

    /** Called by the container, which finds the class through {@code ServiceLoader}, and as the web fragment's listener. */
    public RedisSessionInitializer() {
    }

    /**
     * Registers the filter when the class description says so, and logs why it did or did not.
     * Called by the container before the application starts.
     *
     * @param classes the application's classes annotated with {@code @WebListener}, or null when
     *     there are none or the container does not scan; left for the filter as a context attribute
     * @param context the application being started
     * @throws ServletException when {@code auto-register} has an invalid value
     */
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        context.setAttribute(RAN, Boolean.TRUE);
        ServletContexts.reportUnknownSettings(context, null);
        ServletListeners.rememberAnnotated(context, classes);
        AutoRegistration mode;
        try {
            mode = AutoRegistration.read(SettingSources.fromSystem().contextParams(context::getInitParameter));
        } catch (InvalidSettingException e) {
            throw new ServletException("RedisSessionInitializer: " + e.getMessage());
        }
        String reason = reasonToRegister(mode, context);
        if (reason == null) {
            return;
        }
        String existing = registeredSessionFilter(context);
        if (existing != null) {
            LOG.log(Level.INFO, "RedisSessionFilter is registered as \"" + existing + "\" in "
                    + ServletContexts.describe(context) + "; the initializer registers nothing");
            return;
        }
        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, RedisSessionFilter.class);
        if (registration == null) {
            LOG.log(Level.WARNING, "a filter named \"" + FILTER_NAME + "\" of another class is registered in "
                    + ServletContexts.describe(context) + ", so the session filter is not: sessions are not kept in Redis."
                    + " Rename that filter, or set "
                    + Setting.AUTO_REGISTER.contextParam() + "=false and register RedisSessionFilter yourself");
            return;
        }
        registration.setAsyncSupported(true);
        // isMatchAfter=false: ahead of the mappings declared in web.xml and by annotation.
        registration.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        LOG.log(Level.INFO, "registered RedisSessionFilter in " + ServletContexts.describe(context) + " because " + reason
                + "; to register it yourself instead, set the context-param " + Setting.AUTO_REGISTER.contextParam() + "=false");
    }

    /**
     * Called as the listener of the jar's {@code web-fragment.xml}: does nothing when the
     * container ran {@link #onStartup}; otherwise registers the filter as {@code onStartup}
     * would, and warns when the application asked for it.
     *
     * @param event the application being started
     */
    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(RAN) != null) {
            return;
        }
        try {
            onStartup(null, context);
        } catch (ServletException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (context.getFilterRegistration(FILTER_NAME) != null) {
            LOG.log(Level.WARNING, "the container did not run RedisSessionInitializer (a ServletContainerInitializer) for "
                    + ServletContexts.describe(context) + ", so the library's web-fragment.xml registered the filter instead."
                    + " Session listeners declared only with @WebListener are not called for sessions in Redis. On the Jetty 12"
                    + " distribution, enable the module ee10-annotations (or ee11-annotations), or declare"
                    + " RedisSessionFilter in web.xml");
        }
    }

    /** Why the application asks for the filter, or null when it does not. */
    private static String reasonToRegister(AutoRegistration mode, ServletContext context) {
        return switch (mode) {
            case NEVER -> null;
            case ALWAYS -> Setting.AUTO_REGISTER.key() + " is true";
            case AUTO -> redisContextParam(context);
        };
    }

    private static String redisContextParam(ServletContext context) {
        for (Setting redis : new Setting[] {Setting.REDIS_URL, Setting.REDIS_CONFIG_FILE}) {
            String value = context.getInitParameter(redis.contextParam());
            if (value != null && !value.isBlank()) {
                return "the context-param " + redis.contextParam() + " is set";
            }
        }
        return null;
    }

    /** The name of a registered RedisSessionFilter or subclass, or null. */
    private static String registeredSessionFilter(ServletContext context) {
        for (Map.Entry<String, ? extends FilterRegistration> entry : context.getFilterRegistrations().entrySet()) {
            if (isSessionFilter(entry.getValue().getClassName(), context)) {
                return entry.getKey();
            }
        }
        return null;
    }

    private static boolean isSessionFilter(String className, ServletContext context) {
        if (className == null) {
            return false;
        }
        if (className.equals(RedisSessionFilter.class.getName())) {
            return true;
        }
        try {
            // Not initialized: loading must not run the application's static code this early.
            Class<?> type = Class.forName(className, false, ServletContexts.applicationClassLoader(context));
            return RedisSessionFilter.class.isAssignableFrom(type);
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }
}
