package dev.portablesession.example.wildfly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What the library costs an application: the jars it brings into {@code WEB-INF/lib} stay within a budget. The
 * exclusions on Redisson in core's pom keep it there; a new dependency, or a Redisson release with new ones, shows
 * up here first.
 */
class WebInfLibIT {

    private static final long BUDGET_BYTES = 10L * 1024 * 1024;

    @Test
    void theRuntimeJarsFitTheBudget() throws Exception {
        List<? extends ZipEntry> jars;
        try (ZipFile war = new ZipFile(Path.of(System.getProperty("shop.war")).toFile())) {
            jars = war.stream()
                    .filter(entry -> entry.getName().matches("WEB-INF/lib/[^/]+\\.jar"))
                    .sorted(Comparator.comparingLong(ZipEntry::getSize).reversed())
                    .toList();
        }
        long total = jars.stream().mapToLong(ZipEntry::getSize).sum();
        StringBuilder listing = new StringBuilder();
        for (ZipEntry jar : jars) {
            listing.append(String.format("%,12d  %s%n", jar.getSize(), jar.getName().substring("WEB-INF/lib/".length())));
        }
        listing.append(String.format("%,12d  in %d jars (%.1f MiB; budget %.1f MiB)%n",
                total, jars.size(), mib(total), mib(BUDGET_BYTES)));
        System.out.print(listing);

        assertTrue(total <= BUDGET_BYTES, "WEB-INF/lib outgrew its budget: leave out what the library never loads"
                + " (exclusions on redisson in core/pom.xml), or raise the budget on purpose\n" + listing);
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
