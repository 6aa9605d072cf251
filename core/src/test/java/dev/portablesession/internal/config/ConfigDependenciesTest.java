package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The configuration package depends on nothing outside the JDK, but for the setting types of the public API. */
class ConfigDependenciesTest {

    private static final String SOURCES = "src/main/java/dev/portablesession/internal/config";

    @Test
    void importsOnlyTheJdk() throws IOException {
        // Maven runs tests in the module directory, IDEs often in the project root.
        Path sources = Stream.of(Path.of(SOURCES), Path.of("core", SOURCES))
                .filter(Files::isDirectory)
                .findFirst()
                .orElseThrow(() -> new AssertionError(SOURCES + " not found"));
        List<String> foreign;
        try (Stream<Path> files = Files.list(sources)) {
            foreign = files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(ConfigDependenciesTest::lines)
                    .filter(line -> line.startsWith("import "))
                    .filter(line -> !line.matches(
                            "import (static )?(java\\..*|javax\\.crypto\\..*|dev\\.portablesession\\.internal\\.config\\..*|dev\\.portablesession\\.[A-Z]\\w*;)"))
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), foreign);
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
