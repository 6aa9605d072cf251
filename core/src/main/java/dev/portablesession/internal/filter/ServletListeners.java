package dev.portablesession.internal.filter;

import dev.portablesession.internal.config.Settings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Finds the session listeners the filter calls, in the order the container would: those declared
 * in {@code web.xml}, then in {@code web-fragment.xml}, then by {@code @WebListener} (as the
 * library's initializer received them, by class name), then those of the setting
 * {@code listeners}, then the builder's instances. A class is used once, wherever else it is
 * named. The filter makes its own instance of each class, with its public no-argument
 * constructor: the container's instances belong to the container's sessions and cannot be reached.
 */
public final class ServletListeners {

    /**
     * Context attribute under which the initializer leaves the names of the application's
     * {@code @WebListener} classes for the filter: a {@code List<String>}.
     */
    public static final String ANNOTATED_ATTRIBUTE = ServletListeners.class.getName() + ".annotated";

    private static final List<Class<?>> SESSION_LISTENER_TYPES =
            List.of(HttpSessionListener.class, HttpSessionAttributeListener.class, HttpSessionIdListener.class);

    private ServletListeners() {
    }

    /**
     * Called by the initializer with the classes the container found annotated with
     * {@code @WebListener}; null when it found none or does not scan.
     */
    public static void rememberAnnotated(ServletContext context, Set<Class<?>> annotated) {
        if (annotated != null && !annotated.isEmpty()) {
            context.setAttribute(ANNOTATED_ATTRIBUTE, annotated.stream().map(Class::getName).sorted().toList());
        }
    }

    /**
     * The listeners to call, in order.
     *
     * @param given the builder's instances, called after every class found
     * @throws dev.portablesession.InvalidSettingException when a class of the setting
     *     {@code listeners} cannot be loaded, is no session listener, or cannot be instantiated
     */
    static List<EventListener> find(ServletContext context, ClassLoader loader, Settings settings, List<EventListener> given) {
        Map<String, String> declared = new LinkedHashMap<>();
        DeploymentDescriptors.Descriptor webXml = DeploymentDescriptors.webXml(context);
        if (webXml != null) {
            webXml.listenerClasses().forEach(name -> declared.putIfAbsent(name, "WEB-INF/web.xml"));
        }
        for (DeploymentDescriptors.Descriptor fragment : DeploymentDescriptors.used(webXml, DeploymentDescriptors.webFragments(loader))) {
            fragment.listenerClasses().forEach(name -> declared.putIfAbsent(name, fragment.location()));
        }
        if (webXml == null || !webXml.metadataComplete()) {
            annotated(context).forEach(name -> declared.putIfAbsent(name, "@WebListener"));
        }
        List<EventListener> listeners = new ArrayList<>();
        List<String> found = new ArrayList<>();
        declared.forEach((name, where) -> {
            EventListener listener = declaredListener(name, where, loader);
            if (listener != null) {
                listeners.add(listener);
                found.add(name + " (" + where + ")");
            }
        });
        for (String name : settings.listeners()) {
            if (!declared.containsKey(name)) {
                listeners.add(configuredListener(name, loader, settings));
                found.add(name + " (setting listeners)");
            }
        }
        given.forEach(listener -> found.add(listener.getClass().getName() + " (the builder)"));
        listeners.addAll(given);
        if (!found.isEmpty()) {
            StringJoiner line = new StringJoiner(", ", "session listeners for " + ServletContexts.describe(context) + ": ", "");
            found.forEach(line::add);
            LoggingEvents.LOG.log(System.Logger.Level.INFO, line.toString());
        }
        return listeners;
    }

    /**
     * Whether the builder may take {@code listener}: it must be one of the kinds the filter calls.
     *
     * @throws IllegalArgumentException naming the class and the interfaces expected
     */
    public static void checkKind(EventListener listener) {
        if (!isSessionListener(listener.getClass())) {
            throw new IllegalArgumentException(listener.getClass().getName() + " is none of " + kinds()
                    + "; the filter calls only those (HttpSessionBindingListener and HttpSessionActivationListener"
                    + " are attribute values, called without registration)");
        }
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> annotated(ServletContext context) {
        Object names = context.getAttribute(ANNOTATED_ATTRIBUTE);
        return names instanceof List<?> list ? (List<String>) list : List.of();
    }

    /** A declared class: one that is no session listener (a context listener, say) is not ours; a broken one is logged. */
    private static EventListener declaredListener(String name, String where, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(name, false, loader);
            return isSessionListener(type) ? instantiate(type) : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LoggingEvents.LOG.log(System.Logger.Level.WARNING, "session listener " + name + " (" + where + ") is not called"
                    + " for sessions in Redis: " + describe(e) + ". Give it a public no-argument constructor, or register"
                    + " an instance with RedisSessionFilter.builder().sessionListener");
            return null;
        }
    }

    private static EventListener configuredListener(String name, ClassLoader loader, Settings settings) {
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw settings.invalidListener("class " + name + " cannot be loaded by the application's class loader ("
                    + describe(e) + "); check the name");
        }
        if (!isSessionListener(type)) {
            throw settings.invalidListener(name + " is none of " + kinds());
        }
        try {
            return instantiate(type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw settings.invalidListener(name + " cannot be instantiated (" + describe(e)
                    + "); it needs a public no-argument constructor");
        }
    }

    private static EventListener instantiate(Class<?> type) throws ReflectiveOperationException {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new InstantiationException("it is abstract");
        }
        try {
            return (EventListener) type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new InstantiationException("its constructor threw " + e.getCause());
        }
    }

    private static boolean isSessionListener(Class<?> type) {
        return SESSION_LISTENER_TYPES.stream().anyMatch(kind -> kind.isAssignableFrom(type));
    }

    private static String kinds() {
        return "HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener";
    }

    private static String describe(Throwable e) {
        if (e instanceof NoSuchMethodException) {
            return "it has no public no-argument constructor";
        }
        if (e instanceof ClassNotFoundException) {
            return "class not found";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
