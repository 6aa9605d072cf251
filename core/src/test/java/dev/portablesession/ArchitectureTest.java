package dev.portablesession;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package dependencies pointing inward, as DESIGN.md draws them: the servlet API only
 * in the filter layer, Redisson only in the Redis store (and the builder's one method that takes
 * a client), Jackson only in the JSON codec ({@code codec/json}); the codec SPI depends on neither
 * of its implementations.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/portablesession");

    /** Everything but the public API lives here; the root package holds the API alone. */
    private static final String INTERNAL = "dev.portablesession.internal.";
    /** The public types that use the internals; nothing internal may depend on them. */
    private static final String ENTRY_POINTS = "dev.portablesession.RedisSession";

    /** Package (under internal/) → foreign namespaces it must not mention. */
    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            Map.entry("session", List.of("jakarta.servlet", "org.redisson", "tools.jackson", "com.fasterxml",
                    "dev.portablesession.")),
            Map.entry("config", List.of("jakarta.servlet", "org.redisson", "tools.jackson", "com.fasterxml", INTERNAL,
                    ENTRY_POINTS)),
            Map.entry("store", List.of("jakarta.servlet", "org.redisson", "tools.jackson", "com.fasterxml", INTERNAL + "codec",
                    INTERNAL + "filter", INTERNAL + "config", ENTRY_POINTS)),
            Map.entry("store/redis", List.of("jakarta.servlet", "tools.jackson", "com.fasterxml", INTERNAL + "codec",
                    INTERNAL + "filter", ENTRY_POINTS)),
            // The SPI and what both codecs share: no serialization library, no particular codec.
            Map.entry("codec", List.of("jakarta.servlet", "org.redisson", "tools.jackson", "com.fasterxml", INTERNAL + "codec.",
                    INTERNAL + "store", INTERNAL + "filter", INTERNAL + "config", ENTRY_POINTS)),
            Map.entry("codec/json", List.of("jakarta.servlet", "org.redisson", INTERNAL + "codec.jdk", INTERNAL + "store",
                    INTERNAL + "filter", INTERNAL + "config", ENTRY_POINTS)),
            Map.entry("codec/jdk", List.of("jakarta.servlet", "org.redisson", "tools.jackson", "com.fasterxml",
                    INTERNAL + "codec.json", INTERNAL + "store", INTERNAL + "filter", INTERNAL + "config", ENTRY_POINTS)),
            Map.entry("filter", List.of("org.redisson", "tools.jackson", "com.fasterxml", ENTRY_POINTS)),
            // The event seam: what it reports, and nothing of whoever emits or implements it.
            Map.entry("event", List.of("org.redisson", "tools.jackson", "com.fasterxml", INTERNAL + "filter", INTERNAL + "store",
                    INTERNAL + "codec", INTERNAL + "config", ENTRY_POINTS)),
            // Metrics count events; they know nothing of where the events come from.
            Map.entry("metrics", List.of("org.redisson", "tools.jackson", "com.fasterxml", INTERNAL + "filter", INTERNAL + "store",
                    INTERNAL + "codec", INTERNAL + "config", ENTRY_POINTS)));

    @Test
    void packagesDependOnlyInward() {
        List<String> violations = new ArrayList<>();
        FORBIDDEN.forEach((pkg, forbidden) -> {
            for (Path file : javaFiles(MAIN.resolve("internal").resolve(pkg))) {
                String text = read(file);
                // A type of the package itself (upper case after the dot), not of a package below it.
                Pattern own = Pattern.compile(Pattern.quote(INTERNAL + pkg.replace('/', '.')) + "(\\.[A-Z*]|;)");
                for (String name : forbidden) {
                    for (String line : text.split("\n")) {
                        boolean mentions = line.contains(name) && !line.startsWith("package ")
                                && !own.matcher(line).find() && !line.trim().startsWith("*")
                                && !line.trim().startsWith("//");
                        if (mentions) {
                            violations.add(file + ": " + line.trim());
                        }
                    }
                }
            }
        });
        assertEquals(List.of(), violations);
    }

    /** But for the type of the builder's one method that takes module instances, as for Redisson's client. */
    @Test
    void onlyTheJsonCodecImportsJackson() {
        Path json = MAIN.resolve("internal/codec/json");
        Path filter = MAIN.resolve("RedisSessionFilter.java");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(f -> f.toString().endsWith(".java") && !f.getParent().equals(json)).forEach(file -> read(file)
                    .lines().filter(l -> l.startsWith("import tools.jackson") || l.startsWith("import com.fasterxml"))
                    .filter(l -> !(file.equals(filter) && l.equals("import tools.jackson.databind.JacksonModule;")))
                    .forEach(l -> violations.add(file + ": " + l)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theRootPackageUsesRedissonOnlyForTheBuildersClient() {
        for (Path file : javaFiles(MAIN)) {
            if (file.getParent().equals(MAIN)) {
                List<String> redisson = read(file).lines().filter(l -> l.startsWith("import org.redisson")).toList();
                assertTrue(redisson.isEmpty() || redisson.equals(List.of("import org.redisson.api.RedissonClient;")), redisson.toString());
            }
        }
    }

    @Test
    void theBuilderHasAMethodForEverySetting() {
        List<String> methods = Arrays.stream(RedisSessionFilter.Builder.class.getDeclaredMethods())
                .filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers())).map(Method::getName).toList();
        List<String> missing = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (setting == Setting.AUTO_REGISTER) {
                // Decides whether the initializer registers the filter; a filter built in code is registered by that code.
                continue;
            }
            String name = camelCase(setting.key());
            if (!methods.contains(name)) {
                missing.add(setting.key() + " (expected Builder." + name + ")");
            }
        }
        assertEquals(List.of(), missing);
    }

    private static String camelCase(String key) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '.' || c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
