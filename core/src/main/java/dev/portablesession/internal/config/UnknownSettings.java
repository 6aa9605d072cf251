package dev.portablesession.internal.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds names in the library's own namespaces that name no setting: a misspelt setting
 * ({@code portablesession.redis-url}) would otherwise leave the default in force without a word,
 * and with the drop-in registration leave the application on the container's sessions.
 */
public final class UnknownSettings {

    private static final String PREFIX = "portablesession.";
    private static final String ENVIRONMENT_PREFIX = "PORTABLESESSION_";
    /** The context-params of portable-session-jaspic, which reads them itself: {@code portablesession.login.page}, ... */
    private static final String LOGIN_MODULE = "portablesession.login";

    private UnknownSettings() {
    }

    /**
     * One message per unknown name, each with the nearest setting when one is close.
     *
     * @param initParams every init-param name of the filter (all of them are meant as settings)
     * @param contextParams every context-param name; only those starting with {@code portablesession.} are looked at,
     *     less {@code portablesession.login} and {@code portablesession.login.*}, which belong to portable-session-jaspic
     * @param systemProperties every system property name; likewise
     * @param environment every environment variable name; only those starting with {@code PORTABLESESSION_}
     */
    public static List<String> find(Collection<String> initParams, Collection<String> contextParams,
            Collection<String> systemProperties, Collection<String> environment) {
        List<String> messages = new ArrayList<>();
        for (String name : initParams) {
            check(messages, "init-param", name, Setting::key);
        }
        for (String name : contextParams) {
            if (name.startsWith(PREFIX) && !isLoginModuleParam(name)) {
                check(messages, "context-param", name, Setting::contextParam);
            }
        }
        for (String name : systemProperties) {
            if (name.startsWith(PREFIX)) {
                check(messages, "system property", name, Setting::systemProperty);
            }
        }
        for (String name : environment) {
            if (name.toUpperCase(Locale.ROOT).startsWith(ENVIRONMENT_PREFIX)) {
                check(messages, "environment variable", name, Setting::environmentVariable);
            }
        }
        return messages;
    }

    private static boolean isLoginModuleParam(String name) {
        return name.equals(LOGIN_MODULE) || name.startsWith(LOGIN_MODULE + ".");
    }

    /**
     * The message for a name given as a setting's key ({@code redis.url}) that names no setting:
     * the builder and the programmatic map refuse it, where a misspelt init-param is only warned about.
     *
     * @param name the name as given
     * @param source where it was given, such as {@code "the builder"}
     */
    public static String unknownKey(String name, String source) {
        return "unknown setting \"" + name + "\" in " + source + nearest(name, Setting::key)
                .map(known -> " (did you mean " + known + "?)")
                .orElse("") + "; known settings: " + Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.joining(", "));
    }

    private static void check(List<String> messages, String source, String name, Function<Setting, String> spelling) {
        if (Arrays.stream(Setting.values()).map(spelling).anyMatch(name::equals)) {
            return;
        }
        String hint = nearest(name, spelling)
                .map(known -> "; did you mean " + known + "?")
                .orElse("; the settings are listed in docs/configuration.md");
        messages.add(source + " " + name + " names no setting of RedisSessionFilter and is ignored" + hint);
    }

    /** The setting spelt closest to {@code name}, when it is close enough to be a slip. */
    private static Optional<String> nearest(String name, Function<Setting, String> spelling) {
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (Setting setting : Setting.values()) {
            String known = spelling.apply(setting);
            int distance = distance(known.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
            if (distance < best) {
                best = distance;
                nearest = known;
            }
        }
        return best <= Math.max(2, name.length() / 3) ? Optional.ofNullable(nearest) : Optional.empty();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
