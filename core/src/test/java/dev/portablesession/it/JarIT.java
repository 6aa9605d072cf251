package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The jar as packaged: its module name, and no package outside the API but internal ones. */
class JarIT {

    @Test
    void theManifestNamesTheModule() throws IOException {
        try (JarFile jar = new JarFile(builtJar().toFile())) {
            assertEquals("dev.portablesession", jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
        }
    }

    @Test
    void everyPackageButTheRootIsInternal() throws IOException {
        TreeSet<String> exposed = new TreeSet<>();
        try (JarFile jar = new JarFile(builtJar().toFile())) {
            jar.stream().map(entry -> entry.getName())
                    .filter(name -> name.endsWith(".class"))
                    .map(name -> name.substring(0, name.lastIndexOf('/')).replace('/', '.'))
                    .filter(pkg -> !pkg.equals("dev.portablesession") && !pkg.startsWith("dev.portablesession.internal."))
                    .forEach(exposed::add);
        }
        assertEquals(List.of(), List.copyOf(exposed));
    }

    /** The main jar of this module, built by the package phase before the integration tests. */
    private static Path builtJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().matches("portable-session-core-.*\\.jar")
                    && !f.getFileName().toString().matches(".*-(tests|sources|javadoc)\\.jar")).toList();
            assertEquals(1, jars.size(), "expected one main jar in target/: " + jars);
            return jars.get(0);
        }
    }
}
