package dev.portablesession.internal.filter;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The {@code <listener>} declarations of an application's {@code WEB-INF/web.xml} and of the
 * {@code META-INF/web-fragment.xml} files its class loader sees, read the way the container reads
 * them for its own use: fragments are skipped when {@code web.xml} is {@code metadata-complete},
 * and kept or left out as its {@code <absolute-ordering>} says. Relative {@code <ordering>} inside
 * fragments is not followed: fragments come in class path order.
 */
final class DeploymentDescriptors {

    /** One descriptor: its listener classes, and what it says about the others. */
    record Descriptor(String location, String name, boolean metadataComplete, List<String> listenerClasses,
            List<String> absoluteOrdering, boolean orderingHasOthers) {
    }

    private DeploymentDescriptors() {
    }

    /** {@code /WEB-INF/web.xml}, or null when the application has none (an embedded server, annotations only). */
    static Descriptor webXml(ServletContext context) {
        try (InputStream in = context.getResourceAsStream("/WEB-INF/web.xml")) {
            return in == null ? null : read(in, "WEB-INF/web.xml");
        } catch (IOException e) {
            unreadable("WEB-INF/web.xml", e);
            return null;
        }
    }

    /** Every {@code META-INF/web-fragment.xml} on the application's class path, in class path order. */
    static List<Descriptor> webFragments(ClassLoader loader) {
        List<Descriptor> fragments = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources("META-INF/web-fragment.xml"))) {
                try (InputStream in = url.openStream()) {
                    Descriptor fragment = read(in, url.toString());
                    if (fragment != null) {
                        fragments.add(fragment);
                    }
                } catch (IOException e) {
                    unreadable(url.toString(), e);
                }
            }
        } catch (IOException e) {
            unreadable("META-INF/web-fragment.xml", e);
        }
        return fragments;
    }

    /**
     * The fragments the container uses, in its order: none under a metadata-complete web.xml; with
     * {@code <absolute-ordering>}, those it names in its order, then the others when it has
     * {@code <others/>}.
     */
    static List<Descriptor> used(Descriptor webXml, List<Descriptor> fragments) {
        if (webXml == null) {
            return fragments;
        }
        if (webXml.metadataComplete()) {
            return List.of();
        }
        if (webXml.absoluteOrdering() == null) {
            return fragments;
        }
        List<Descriptor> used = new ArrayList<>();
        for (String name : webXml.absoluteOrdering()) {
            fragments.stream().filter(f -> name.equals(f.name())).forEach(used::add);
        }
        if (webXml.orderingHasOthers()) {
            fragments.stream().filter(f -> f.name() == null || !webXml.absoluteOrdering().contains(f.name())).forEach(used::add);
        }
        return used;
    }

    private static Descriptor read(InputStream in, String location) {
        Element root;
        try {
            root = parser().parse(in).getDocumentElement();
        } catch (SAXException | IOException | ParserConfigurationException e) {
            unreadable(location, e);
            return null;
        }
        List<String> listeners = new ArrayList<>();
        String name = null;
        List<String> absoluteOrdering = null;
        boolean others = false;
        for (Element child : children(root)) {
            switch (child.getLocalName()) {
                case "listener" -> children(child).stream().filter(e -> e.getLocalName().equals("listener-class"))
                        .map(e -> e.getTextContent().trim()).filter(text -> !text.isEmpty()).forEach(listeners::add);
                case "name" -> name = child.getTextContent().trim();
                case "absolute-ordering" -> {
                    absoluteOrdering = new ArrayList<>();
                    for (Element entry : children(child)) {
                        if (entry.getLocalName().equals("name")) {
                            absoluteOrdering.add(entry.getTextContent().trim());
                        } else if (entry.getLocalName().equals("others")) {
                            others = true;
                        }
                    }
                }
                default -> {
                    // Everything else is the container's business.
                }
            }
        }
        return new Descriptor(location, name, Boolean.parseBoolean(root.getAttribute("metadata-complete").trim()),
                List.copyOf(listeners), absoluteOrdering, others);
    }

    /**
     * A parser that reads the document and nothing else: no DTD (Servlet 3.0 and later
     * descriptors use a schema), no external entities, no XInclude.
     */
    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        // The parser's default handler prints to stderr; failures are reported once, below.
        builder.setErrorHandler(null);
        return builder;
    }

    private static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getLocalName() != null) {
                children.add(element);
            }
        }
        return children;
    }

    private static void unreadable(String location, Exception e) {
        LoggingEvents.LOG.log(Level.WARNING, location + " cannot be read (" + e.getMessage() + "): the session listeners it"
                + " declares are not called for sessions in Redis; name them in the setting listeners instead");
    }
}
