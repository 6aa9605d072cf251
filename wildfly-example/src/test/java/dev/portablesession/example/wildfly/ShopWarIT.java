package dev.portablesession.example.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.example.shop.ShopServlets;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The packaged {@code shop.war} is portable: standard descriptors only, no Redis address, the shared servlets. */
class ShopWarIT {

    private static List<String> entries;
    private static Document webXml;

    @BeforeAll
    static void readWar() throws Exception {
        try (ZipFile war = new ZipFile(Path.of(System.getProperty("shop.war")).toFile())) {
            entries = war.stream().map(ZipEntry::getName).toList();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            try (InputStream in = war.getInputStream(war.getEntry("WEB-INF/web.xml"))) {
                webXml = factory.newDocumentBuilder().parse(in);
            }
        }
    }

    @Test
    void noContainerSpecificDescriptor() {
        List<String> vendorDescriptors = entries.stream()
                .filter(name -> name.matches("(WEB-INF|META-INF)/[^/]+\\.xml") && !name.equals("WEB-INF/web.xml"))
                .toList();
        assertEquals(List.of(), vendorDescriptors, "jboss-web.xml, jboss-deployment-structure.xml, context.xml and the like");
    }

    @Test
    void theContainerSuppliesTheServletApi() {
        assertEquals(List.of(), entries.stream().filter(name -> name.matches("WEB-INF/lib/jakarta\\.servlet-api.*")).toList());
    }

    @Test
    void theLibraryAndTheSharedShopAreInside() {
        assertTrue(entries.stream().anyMatch(name -> name.matches("WEB-INF/lib/portable-session-core-[^/]+\\.jar")), entries.toString());
        assertTrue(entries.stream().anyMatch(name -> name.matches("WEB-INF/lib/example-shop-[^/]+\\.jar")), entries.toString());
        assertFalse(entries.stream().anyMatch(name -> name.startsWith("WEB-INF/classes/dev/")), "no copy of the shop's code");
    }

    @Test
    void noRedisAddressIsPackaged() {
        NodeList names = webXml.getElementsByTagNameNS("*", "param-name");
        for (int i = 0; i < names.getLength(); i++) {
            String name = names.item(i).getTextContent().strip();
            assertFalse(name.startsWith("redis.") || name.startsWith("portablesession.redis."), name);
        }
    }

    @Test
    void webXmlMapsTheServletsOfShopServlets() {
        Map<String, String> classByName = new LinkedHashMap<>();
        NodeList servlets = webXml.getElementsByTagNameNS("*", "servlet");
        for (int i = 0; i < servlets.getLength(); i++) {
            Element servlet = (Element) servlets.item(i);
            classByName.put(text(servlet, "servlet-name"), text(servlet, "servlet-class"));
        }
        Map<String, String> classByPattern = new LinkedHashMap<>();
        NodeList mappings = webXml.getElementsByTagNameNS("*", "servlet-mapping");
        for (int i = 0; i < mappings.getLength(); i++) {
            Element mapping = (Element) mappings.item(i);
            classByPattern.put(text(mapping, "url-pattern"), classByName.get(text(mapping, "servlet-name")));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        ShopServlets.create().forEach((pattern, servlet) -> expected.put(pattern, servlet.getClass().getName()));
        assertEquals(expected, classByPattern);
    }

    private static String text(Element parent, String child) {
        return parent.getElementsByTagNameNS("*", child).item(0).getTextContent().strip();
    }
}
