package dev.portablesession.internal.filter;

import jakarta.servlet.ServletContext;
import java.net.MalformedURLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Whether a class name is one of the web application's own classes: its class file is in the
 * application's own class folder, {@code /WEB-INF/classes}, as the servlet context sees it.
 * Answered by name, without loading anything (the codecs ask before a class is resolved), so
 * a stored name can never make this load a class. Classes of the application's libraries
 * ({@code WEB-INF/lib}), of the container and of the JDK are not its own; an application
 * deployed without a {@code WEB-INF/classes} folder (embedded servers) has none.
 */
final class ApplicationClasses implements Predicate<String> {

    /** A binary class name: Java identifiers separated by dots; nested classes with {@code $}. */
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    /** Answers kept, so each name costs one resource lookup; beyond it names are looked up each time. */
    private static final int CACHE_LIMIT = 10_000;
    private static final int MAX_NAME_LENGTH = 500;

    private final ServletContext context;
    private final Map<String, Boolean> answers = new ConcurrentHashMap<>();

    ApplicationClasses(ServletContext context) {
        this.context = context;
    }

    @Override
    public boolean test(String className) {
        Boolean known = answers.get(className);
        if (known != null) {
            return known;
        }
        boolean own = lookUp(className);
        if (answers.size() < CACHE_LIMIT) {
            answers.put(className, own);
        }
        return own;
    }

    private boolean lookUp(String className) {
        if (context == null || className.length() > MAX_NAME_LENGTH || !CLASS_NAME.matcher(className).matches()) {
            return false;
        }
        try {
            return context.getResource("/WEB-INF/classes/" + className.replace('.', '/') + ".class") != null;
        } catch (MalformedURLException | RuntimeException e) {
            return false;
        }
    }
}
