package dev.portablesession.jaspic;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Where the login form and the page for a failed login are, as paths inside the application
 * ({@code /login.html}): from the context-params {@value #LOGIN_PAGE} and {@value #ERROR_PAGE},
 * else from the {@code <form-login-config>} of {@code WEB-INF/web.xml} when its
 * {@code <auth-method>} is {@code FORM}.
 */
record FormLoginPages(String loginPage, String errorPage) {

    static final String LOGIN_PAGE = "portablesession.login.page";
    static final String ERROR_PAGE = "portablesession.login.error-page";
    /** The context attribute under which the initializer leaves the pages it found, for the module. */
    static final String ATTRIBUTE = FormLoginPages.class.getName();

    FormLoginPages {
        check(loginPage, LOGIN_PAGE, "<form-login-page>");
        check(errorPage, ERROR_PAGE, "<form-error-page>");
    }

    private static void check(String page, String param, String element) {
        if (page == null || !page.startsWith("/")) {
            throw new IllegalArgumentException("the login page setting " + param + " (or web.xml " + element + ") is "
                    + (page == null ? "missing" : "\"" + page + "\"") + "; give a path inside the application, such as /login.html");
        }
    }

    /**
     * The pages of {@code context}: the context-params, else {@code web.xml}.
     *
     * @return null when neither configures a FORM login
     * @throws IllegalArgumentException when only one of the two pages is given, or one is not a path
     */
    static FormLoginPages read(ServletContext context) throws IOException {
        String login = context.getInitParameter(LOGIN_PAGE);
        String error = context.getInitParameter(ERROR_PAGE);
        if (login != null || error != null) {
            return new FormLoginPages(login == null ? null : login.trim(), error == null ? null : error.trim());
        }
        try (InputStream webXml = context.getResourceAsStream("/WEB-INF/web.xml")) {
            return webXml == null ? null : fromWebXml(webXml);
        }
    }

    /** The pages of a {@code web.xml} whose {@code <login-config>} is FORM; null for any other. */
    static FormLoginPages fromWebXml(InputStream webXml) throws IOException {
        Element root;
        try {
            root = parser().parse(webXml).getDocumentElement();
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException("WEB-INF/web.xml cannot be read for its <login-config>: " + e.getMessage(), e);
        }
        for (Element loginConfig : children(root, "login-config")) {
            String method = text(children(loginConfig, "auth-method"));
            List<Element> form = children(loginConfig, "form-login-config");
            if ("FORM".equalsIgnoreCase(method) && !form.isEmpty()) {
                return new FormLoginPages(text(children(form.get(0), "form-login-page")),
                        text(children(form.get(0), "form-error-page")));
            }
        }
        return null;
    }

    /** No DTD, no external entities, no XInclude: the document and nothing else. */
    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory.newDocumentBuilder();
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(localName(element))) {
                found.add(element);
            }
        }
        return found;
    }

    /** Servlet 2.3 descriptors have no namespace, so no local name either. */
    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    private static String text(List<Element> elements) {
        return elements.isEmpty() ? null : elements.get(0).getTextContent().trim();
    }
}
