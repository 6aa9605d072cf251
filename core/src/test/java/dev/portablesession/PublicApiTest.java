package dev.portablesession;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the public API: {@code core/api/portable-session-core.api} lists every public and
 * protected type, constructor, method and field of {@code dev.portablesession}, and this test
 * regenerates the listing from the compiled classes and compares. When it fails after a change
 * to the API that is meant, rewrite the file and commit it with the change:
 *
 * <pre>{@code ./mvnw -o -B -pl core test -Dtest=PublicApiTest -Dapi.update=true}</pre>
 *
 * <p>It also checks that the root package is the only package without {@code internal} in its
 * name, and that the API never names an internal type.
 */
class PublicApiTest {

    static final Path LISTING = Path.of("api/portable-session-core.api");
    private static final String ROOT = "dev.portablesession";
    private static final String INTERNAL = ROOT + ".internal";
    private static final String UPDATE = "./mvnw -o -B -pl core test -Dtest=PublicApiTest -Dapi.update=true";

    @Test
    void theListingMatchesTheCompiledApi() throws IOException {
        String actual = listing();
        if (Boolean.getBoolean("api.update")) {
            Files.createDirectories(LISTING.toAbsolutePath().getParent());
            Files.writeString(LISTING, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(LISTING)) {
            fail(LISTING.toAbsolutePath() + " is missing; create it with " + UPDATE);
        }
        String expected = Files.readString(LISTING, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            fail("the public API of " + ROOT + " differs from core/" + LISTING + ":\n" + diff(expected, actual)
                    + "If the change is meant, rewrite the file with " + UPDATE
                    + " and commit it with the change; otherwise make the new members non-public.");
        }
    }

    @Test
    void everyOtherPackageIsInternal() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes())) {
            files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes().relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), "."))
                    .forEach(packages::add);
        }
        List<String> exposed = packages.stream()
                .filter(p -> !p.equals(ROOT) && !p.equals(INTERNAL) && !p.startsWith(INTERNAL + "."))
                .toList();
        assertEquals(List.of(), exposed, "packages outside " + ROOT + " must be under " + INTERNAL);
    }

    @Test
    void theApiNamesNoInternalType() throws IOException {
        String listing = listing();
        assertFalse(listing.contains(INTERNAL), () -> "the public API exposes internal types:\n"
                + listing.lines().filter(line -> line.contains(INTERNAL)).collect(Collectors.joining("\n")));
    }

    /** One line per type, then its members indented, each group sorted. */
    static String listing() throws IOException {
        StringBuilder out = new StringBuilder();
        for (Class<?> type : publicTypes()) {
            out.append(describeType(type)).append('\n');
            List<String[]> members = new ArrayList<>();
            for (Field field : type.getDeclaredFields()) {
                if (visible(field) && !field.isSynthetic()) {
                    members.add(new String[] {"0 " + field.getName(), describeField(field)});
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (visible(constructor) && !constructor.isSynthetic()) {
                    members.add(new String[] {"1 " + parameters(constructor), describe(constructor, type.getTypeName())});
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (visible(method) && !method.isSynthetic() && !method.isBridge()) {
                    members.add(new String[] {"2 " + method.getName() + parameters(method), describe(method,
                            method.getGenericReturnType().getTypeName() + " " + method.getName())});
                }
            }
            members.stream().sorted(Comparator.comparing(member -> member[0]))
                    .forEach(member -> out.append("  ").append(member[1]).append('\n'));
            out.append('\n');
        }
        return out.toString();
    }

    private static List<Class<?>> publicTypes() throws IOException {
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes().resolve(ROOT.replace('.', '/')))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.class$", "");
                if (!name.contains("$") && !name.equals("package-info")) {
                    addWithNested(load(ROOT + "." + name), types);
                }
            }
        }
        types.sort(Comparator.comparing(Class::getTypeName));
        return types;
    }

    private static void addWithNested(Class<?> type, List<Class<?>> types) {
        if (Modifier.isPublic(type.getModifiers()) || Modifier.isProtected(type.getModifiers())) {
            types.add(type);
            Arrays.stream(type.getDeclaredClasses()).forEach(nested -> addWithNested(nested, types));
        }
    }

    private static String describeType(Class<?> type) {
        int modifiers = type.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC
                | Modifier.FINAL | (type.isInterface() ? 0 : Modifier.ABSTRACT));
        String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface"
                : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class";
        StringBuilder line = new StringBuilder(Modifier.toString(modifiers)).append(' ').append(kind)
                .append(' ').append(type.getTypeName());
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            line.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            line.append(type.isInterface() ? " extends " : " implements ").append(
                    Arrays.stream(interfaces).map(Type::getTypeName).sorted().collect(Collectors.joining(", ")));
        }
        return line.toString();
    }

    private static String describeField(Field field) {
        String line = Modifier.toString(field.getModifiers() & Modifier.fieldModifiers()) + " "
                + field.getGenericType().getTypeName() + " " + field.getName();
        boolean constant = Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers())
                && (field.getType().isPrimitive() || field.getType() == String.class);
        if (constant) {
            try {
                Object value = field.get(null);
                line += " = " + (value instanceof String ? "\"" + value + "\"" : value);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return line;
    }

    private static String describe(Executable executable, String nameWithType) {
        String line = Modifier.toString(executable.getModifiers() & Modifier.methodModifiers())
                + " " + nameWithType + parameters(executable);
        Type[] exceptions = executable.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            line += " throws " + Arrays.stream(exceptions).map(Type::getTypeName).collect(Collectors.joining(", "));
        }
        return line;
    }

    private static String parameters(Executable executable) {
        List<String> types = new ArrayList<>(Arrays.stream(executable.getGenericParameterTypes())
                .map(Type::getTypeName).toList());
        if (executable.isVarArgs()) {
            int last = types.size() - 1;
            types.set(last, types.get(last).replaceFirst("\\[\\]$", "..."));
        }
        return "(" + String.join(", ", types) + ")";
    }

    private static boolean visible(Member member) {
        return Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers());
    }

    /** The compiled main classes: the directory (or jar) {@link RedisSessionFilter} was loaded from. */
    private static Path classes() {
        try {
            return Path.of(RedisSessionFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicApiTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static String diff(String expected, String actual) {
        List<String> was = expected.lines().filter(line -> !line.isBlank()).toList();
        List<String> is = actual.lines().filter(line -> !line.isBlank()).toList();
        StringBuilder out = new StringBuilder();
        was.stream().filter(line -> !is.contains(line)).forEach(line -> out.append("  - ").append(line.strip()).append('\n'));
        is.stream().filter(line -> !was.contains(line)).forEach(line -> out.append("  + ").append(line.strip()).append('\n'));
        return out.length() == 0 ? "  (only the order or blank lines differ)\n" : out.toString();
    }
}
