package dev.portablesession.internal.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides by class name whether a codec may store or rebuild a class: built-in JDK types, the
 * entries of the setting {@code codec.allow}, and the application's own classes (outside the
 * platform's packages) where a predicate recognizes them.
 *
 * <p>Entries follow {@link java.io.ObjectInputFilter} pattern syntax: {@code com.acme.Cart} is one
 * class, {@code com.acme.*} every class of the package {@code com.acme} (nested classes
 * included), {@code com.acme.**} that package and all packages below it. Arrays are allowed when
 * their element type is a primitive, {@code java.lang.Object} or an allowed class. Matching works
 * on names only, so a class is judged before it is loaded.
 */
public final class TypeAllowList {

    /** The name of the setting that lists application types, used in messages. */
    public static final String SETTING = "codec.allow";

    private static final Pattern ENTRY = Pattern.compile(
            "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                    + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*(\\.\\*\\*?)?");

    private static final String PRIMITIVE_ARRAY_CODES = "ZBCSIJFD";

    private final Set<String> builtIns;
    private final Set<String> classes = new HashSet<>();
    private final List<String> packages = new ArrayList<>();
    private final List<String> packageTrees = new ArrayList<>();
    private final Predicate<String> applicationClasses;

    /**
     * @param entries the configured entries; surrounding white space is ignored
     * @param builtIns class names accepted without configuration
     * @throws IllegalArgumentException naming the first entry that is not a class name, a
     *     {@code package.*} or a {@code package.**}
     */
    public TypeAllowList(List<String> entries, Set<String> builtIns) {
        this(entries, builtIns, name -> false);
    }

    /**
     * @param entries the configured entries; surrounding white space is ignored
     * @param builtIns class names accepted without configuration
     * @param applicationClasses whether a class name is one of the application's own classes
     *     (asked by name, before anything is loaded), allowed without configuration
     * @throws IllegalArgumentException naming the first entry that is not a class name, a
     *     {@code package.*} or a {@code package.**}
     */
    public TypeAllowList(List<String> entries, Set<String> builtIns, Predicate<String> applicationClasses) {
        this.builtIns = builtIns;
        this.applicationClasses = Objects.requireNonNull(applicationClasses, "applicationClasses");
        for (String raw : Objects.requireNonNull(entries, "entries")) {
            String entry = Objects.requireNonNull(raw, "entry").strip();
            if (!ENTRY.matcher(entry).matches()) {
                throw new IllegalArgumentException("invalid entry \"" + raw + "\" in the setting " + SETTING
                        + ": expected a class (com.acme.Cart), a package (com.acme.*)"
                        + " or a package with its sub-packages (com.acme.**)");
            }
            if (entry.endsWith(".**")) {
                packageTrees.add(entry.substring(0, entry.length() - 2));
            } else if (entry.endsWith(".*")) {
                packages.add(entry.substring(0, entry.length() - 1));
            } else {
                classes.add(entry);
            }
        }
    }

    /**
     * @param className a binary class name as {@link Class#getName()} returns it, arrays included
     * @return whether the class is built in or matches a configured entry
     */
    public boolean allows(String className) {
        if (className.startsWith("[")) {
            return allowsArray(className);
        }
        if (builtIns.contains(className) || classes.contains(className)) {
            return true;
        }
        for (String prefix : packages) {
            if (className.startsWith(prefix) && className.indexOf('.', prefix.length()) < 0) {
                return true;
            }
        }
        for (String prefix : packageTrees) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return !isPlatformClass(className) && applicationClasses.test(className);
    }

    private boolean allowsArray(String arrayName) {
        String element = arrayName.substring(arrayName.lastIndexOf('[') + 1);
        if (element.length() == 1) {
            return PRIMITIVE_ARRAY_CODES.contains(element);
        }
        if (element.length() < 3 || element.charAt(0) != 'L' || !element.endsWith(";")) {
            return false;
        }
        String elementClass = element.substring(1, element.length() - 1);
        return elementClass.equals("java.lang.Object") || allows(elementClass);
    }

    /**
     * The advice for a class that is not allowed: an entry that would allow it for application
     * classes, never for the JDK's own (widening the JDK surface is how gadget chains get in).
     *
     * @param className the rejected class; for an array, its element class
     * @param alternative what else the user may do, e.g. {@code "set codec=jdk"}; may be empty
     */
    public static String advice(String className, String alternative) {
        if (isPlatformClass(className)) {
            return "store a supported type instead (see docs/codecs.md)";
        }
        int lastDot = className.lastIndexOf('.');
        String entry = lastDot < 0 ? className : className.substring(0, lastDot) + ".*";
        return "add \"" + entry + "\" to the setting " + SETTING
                + (alternative.isEmpty() ? "" : ", or " + alternative);
    }

    /**
     * The refusal of every class of one value that is not allowed, with one piece of advice
     * covering all of them, so that one change of the setting is enough.
     *
     * @param classNames the rejected classes (element classes for arrays), in the order met
     * @param alternative what else the user may do, e.g. {@code "set codec=jdk"}; may be empty
     */
    public static String refusal(Collection<String> classNames, String alternative) {
        if (classNames.size() == 1) {
            String className = classNames.iterator().next();
            return "type " + className + " is not in the allow-list; " + advice(className, alternative);
        }
        Set<String> entries = new LinkedHashSet<>();
        List<String> platform = new ArrayList<>();
        for (String className : classNames) {
            if (isPlatformClass(className)) {
                platform.add(className);
            } else {
                int lastDot = className.lastIndexOf('.');
                entries.add("\"" + (lastDot < 0 ? className : className.substring(0, lastDot) + ".*") + "\"");
            }
        }
        StringBuilder advice = new StringBuilder();
        if (!entries.isEmpty()) {
            advice.append("add ").append(list(entries)).append(" to the setting ").append(SETTING);
        }
        if (!platform.isEmpty()) {
            advice.append(advice.length() > 0 ? "; and " : "")
                    .append(platform.size() == 1 ? "store a supported type instead of " : "store supported types instead of ")
                    .append(list(platform)).append(" (see docs/codecs.md)");
        } else if (!alternative.isEmpty()) {
            advice.append(", or ").append(alternative);
        }
        return "types " + list(classNames) + " are not in the allow-list; " + advice;
    }

    /**
     * Adds a rejected class to those found in one value: every application class, but of the
     * platform's classes only the first, since what follows it is that class's own inside (a
     * {@code Thread}'s class loader, a proxy's {@code java.lang.reflect.Proxy}), not the user's.
     */
    public static void note(Set<String> rejected, String className) {
        if (isPlatformClass(className) && rejected.stream().anyMatch(TypeAllowList::isPlatformClass)) {
            return;
        }
        rejected.add(className);
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    public static String list(Collection<String> items) {
        List<String> all = List.copyOf(items);
        if (all.size() <= 1) {
            return String.join("", all);
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.get(all.size() - 1);
    }

    private static boolean isPlatformClass(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }
}
