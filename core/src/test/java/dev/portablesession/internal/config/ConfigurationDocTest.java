package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the settings table of docs/configuration.md and {@link Setting} in step. */
class ConfigurationDocTest {

    private static final String DOC = "docs/configuration.md";
    private static final String HEADER = "| Setting | Values | Default | Meaning |";

    /** Table rows by setting name, each with its four cells. */
    private static Map<String, List<String>> rows;

    @BeforeAll
    static void readTable() throws IOException {
        List<String> lines = Files.readAllLines(locateDoc());
        int header = lines.indexOf(HEADER);
        assertTrue(header >= 0, DOC + " has no table headed " + HEADER);
        assertEquals(1, lines.stream().filter(HEADER::equals).count(),
                DOC + " must have exactly one settings table");
        rows = new LinkedHashMap<>();
        // header + 2 skips the |---| separator row; the table ends at the first non-row line.
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            List<String> cells = cells(line);
            String name = cells.get(0);
            assertTrue(name.matches("`[^`]+`"), "setting name not in backticks: " + line);
            assertFalse(rows.containsKey(name), "setting listed twice: " + name);
            rows.put(name.substring(1, name.length() - 1), cells);
        }
    }

    @Test
    void tableNamesEverySettingAndNothingElse() {
        Set<String> documented = new TreeSet<>(rows.keySet());
        Set<String> defined = Arrays.stream(Setting.values()).map(Setting::key)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> undocumented = new TreeSet<>(defined);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(defined);
        if (!undocumented.isEmpty() || !unknown.isEmpty()) {
            fail(DOC + " is out of date: settings missing from its table: " + undocumented
                    + "; table rows that are not settings: " + unknown);
        }
    }

    @Test
    void everyRowIsComplete() {
        rows.forEach((name, cells) -> {
            assertEquals(4, cells.size(), name + ": expected 4 cells, got " + cells);
            cells.forEach(cell -> assertFalse(cell.isBlank(), name + " has an empty cell"));
        });
    }

    @Test
    void documentedDefaultsMatchTheCode() {
        for (Setting setting : Setting.values()) {
            List<String> cells = rows.get(setting.key());
            if (cells != null) {
                assertEquals(setting.defaultDescription(), cells.get(2).replace("`", ""),
                        "default of " + setting.key() + " in " + DOC);
            }
        }
    }

    /**
     * Maven runs tests in the module directory and IDEs often in the project root, so look in
     * the working directory and each of its parents.
     */
    private static Path locateDoc() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DOC);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(DOC + " not found in " + Path.of("").toAbsolutePath()
                + " or any parent directory");
    }

    /** The cells of a table row; a {@code |} inside backticks does not split cells. */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inCode = false;
        for (char c : row.substring(1).toCharArray()) {
            if (c == '`') {
                inCode = !inCode;
            }
            if (c == '|' && !inCode) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }
}
