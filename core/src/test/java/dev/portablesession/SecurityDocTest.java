package dev.portablesession;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every claim of docs/security.md is backed by a named test: each test class and test method the
 * page names exists in the core's test sources, so renaming or deleting one fails here.
 */
class SecurityDocTest {

    private static final String DOC = "docs/security.md";
    private static final Pattern REFERENCE = Pattern.compile("`([A-Z][A-Za-z]*(?:IT|Test|Contract))(?:\\.([a-z][A-Za-z0-9]*))?`");

    @Test
    void everyNamedTestExists() throws IOException {
        Path root = locate(DOC).getParent().getParent();
        Map<String, Path> testSources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root.resolve("core/src/test/java"))) {
            files.filter(file -> file.toString().endsWith(".java"))
                    .forEach(file -> testSources.put(file.getFileName().toString().replace(".java", ""), file));
        }
        Matcher references = REFERENCE.matcher(Files.readString(root.resolve(DOC)));
        List<String> missing = new ArrayList<>();
        int checked = 0;
        while (references.find()) {
            checked++;
            Path source = testSources.get(references.group(1));
            if (source == null) {
                missing.add(references.group());
            } else if (references.group(2) != null
                    && !Files.readString(source).matches("(?s).*void " + references.group(2) + "\\(.*")) {
                missing.add(references.group());
            }
        }
        assertTrue(checked >= 20, "only " + checked + " test references found in " + DOC);
        assertEquals(List.of(), missing, "tests named in " + DOC + " that do not exist");
    }

    private static Path locate(String doc) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(doc))) {
                return dir.resolve(doc);
            }
        }
        throw new AssertionError(doc + " not found in " + Path.of("").toAbsolutePath() + " or any parent directory");
    }
}
