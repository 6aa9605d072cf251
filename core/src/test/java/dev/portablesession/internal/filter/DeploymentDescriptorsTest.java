package dev.portablesession.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portablesession.internal.filter.DeploymentDescriptors.Descriptor;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading listener declarations from web-fragment.xml files, and which fragments the container uses. */
class DeploymentDescriptorsTest {

    @TempDir
    Path dir;

    private URL fragment(String jar, String xml) throws IOException {
        Path root = dir.resolve(jar);
        Files.createDirectories(root.resolve("META-INF"));
        Files.writeString(root.resolve("META-INF/web-fragment.xml"), xml);
        return root.toUri().toURL();
    }

    @Test
    void listenersAreReadAndADescriptorWithADoctypeIsRefusedWithoutReadingWhatItPointsAt() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "com.acme.Stolen");
        URL good = fragment("good", """
                <web-fragment xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <name>good</name>
                  <listener><listener-class> com.acme.Audit </listener-class></listener>
                  <listener><description>none</description></listener>
                </web-fragment>
                """);
        URL evil = fragment("evil", """
                <?xml version="1.0"?>
                <!DOCTYPE web-fragment [<!ENTITY x SYSTEM "%s">]>
                <web-fragment><listener><listener-class>&x;</listener-class></listener></web-fragment>
                """.formatted(secret.toUri()));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {good, evil}, null)) {
            List<Descriptor> fragments = DeploymentDescriptors.webFragments(loader);
            assertEquals(1, fragments.size(), fragments.toString());
            assertEquals("good", fragments.get(0).name());
            assertEquals(List.of("com.acme.Audit"), fragments.get(0).listenerClasses());
        }
    }

    @Test
    void fragmentsAreUsedAsWebXmlSays() {
        Descriptor a = new Descriptor("a.jar", "a", false, List.of("A"), null, false);
        Descriptor b = new Descriptor("b.jar", "b", false, List.of("B"), null, false);
        Descriptor unnamed = new Descriptor("c.jar", null, false, List.of("C"), null, false);
        List<Descriptor> all = List.of(a, b, unnamed);
        assertEquals(all, DeploymentDescriptors.used(null, all), "no web.xml");
        assertEquals(all, DeploymentDescriptors.used(webXml(false, null, false), all));
        assertEquals(List.of(), DeploymentDescriptors.used(webXml(true, null, false), all), "metadata-complete");
        assertEquals(List.of(b), DeploymentDescriptors.used(webXml(false, List.of("b"), false), all), "absolute-ordering");
        assertEquals(List.of(b, a, unnamed), DeploymentDescriptors.used(webXml(false, List.of("b"), true), all), "with <others/>");
    }

    private static Descriptor webXml(boolean metadataComplete, List<String> ordering, boolean others) {
        return new Descriptor("WEB-INF/web.xml", null, metadataComplete, List.of(), ordering, others);
    }
}
