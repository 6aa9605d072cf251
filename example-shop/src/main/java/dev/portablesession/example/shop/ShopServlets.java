package dev.portablesession.example.shop;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shop's pages and JSON API, free of any container API so that every launcher (embedded Jetty here, a WAR
 * elsewhere) registers the same servlets.
 *
 * <p>A launcher registers, in this order: {@link ServedByFilter}, the session filter with the namespace
 * {@value #SESSION_NAMESPACE}, then the servlets of {@link #create()}. It names the node with the context
 * init-parameter {@value #NODE_NAME_PARAMETER} when it runs several nodes in one JVM; a WAR, one node per server,
 * leaves the name to the system property {@value #NODE_NAME_PROPERTY} or the host name.
 */
public final class ShopServlets {

    /** Context init-parameter naming this server in pages, JSON and the {@code X-Served-By} header. */
    public static final String NODE_NAME_PARAMETER = "dev.portablesession.example.node";

    /** System property naming this server when the context does not ({@code -Dshop.node=web-1}). */
    public static final String NODE_NAME_PROPERTY = "shop.node";

    /** The Redis namespace of the shop's sessions: every node uses it, so they all see the same sessions. */
    public static final String SESSION_NAMESPACE = "shop";

    private ShopServlets() {
    }

    /**
     * New instances of the shop's servlets, keyed by URL pattern, in registration order. {@code ""} is the
     * Servlet pattern for the context root only, so unknown paths stay 404.
     */
    public static Map<String, HttpServlet> create() {
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        servlets.put("", new HomeServlet());
        servlets.put("/login", new LoginServlet());
        servlets.put("/logout", new LogoutServlet());
        servlets.put("/cart", new CartServlet());
        servlets.put("/api/session", new SessionApiServlet());
        servlets.put("/api/counter", new CounterApiServlet());
        return servlets;
    }

    /**
     * The {@value #NODE_NAME_PARAMETER} init-parameter, else the {@value #NODE_NAME_PROPERTY} system property, else
     * the host name: a WAR deployed unchanged on several servers still tells them apart.
     */
    static String nodeName(ServletContext context) {
        String name = context.getInitParameter(NODE_NAME_PARAMETER);
        if (name != null && !name.isBlank()) {
            return name;
        }
        name = System.getProperty(NODE_NAME_PROPERTY);
        if (name != null && !name.isBlank()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
