package dev.portablesession.it;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.TestCertificate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * One embedded Jetty 12 (ee10) server with the session filter in front of the test servlets,
 * listening on a free loopback port. Several nodes sharing one Redis stand for a server farm.
 */
public final class JettyNode implements AutoCloseable {

    private final String name;
    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;
    /** The HTTPS connector, or null for a node that speaks plain HTTP only. */
    private final ServerConnector tlsConnector;

    private JettyNode(String name, Server server, ServerConnector connector, ServletContextHandler context,
            ServerConnector tlsConnector) {
        this.name = name;
        this.server = server;
        this.connector = connector;
        this.context = context;
        this.tlsConnector = tlsConnector;
    }

    /** A node whose filter is the given one, with the test servlets of {@link TestServlets}. */
    public static JettyNode start(String name, RedisSessionFilter filter) {
        return start(name, new FilterHolder(filter), Map.of());
    }

    /** A node whose filter is configured by init-params, the way web.xml would. */
    public static JettyNode startWithInitParams(String name, Map<String, String> initParams) {
        FilterHolder holder = new FilterHolder(RedisSessionFilter.class);
        holder.setInitParameters(initParams);
        return start(name, holder, Map.of());
    }

    /** A node with extra servlets by path, in addition to the test servlets. */
    public static JettyNode start(String name, FilterHolder filter, Map<String, HttpServlet> extraServlets) {
        return start(name, List.of(filter), extraServlets);
    }

    /** A node whose filters run in the given order, with extra servlets by path. */
    public static JettyNode start(String name, List<FilterHolder> filters, Map<String, HttpServlet> extraServlets) {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        return start(name, context, filters, extraServlets);
    }

    /**
     * A node whose context has Jetty's session handler, configured the way web.xml
     * {@code <session-config>} would configure it, so the filter can honour those settings.
     */
    public static JettyNode startWithSessionConfig(String name, String contextPath, Consumer<SessionHandler> sessionConfig,
            RedisSessionFilter filter) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(contextPath);
        sessionConfig.accept(context.getSessionHandler());
        return start(name, context, List.of(new FilterHolder(filter)), Map.of());
    }

    /** A node that answers HTTPS with {@code certificate} on a second port, besides plain HTTP. */
    public static JettyNode startWithHttps(String name, RedisSessionFilter filter, TestCertificate certificate) {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        return start(name, context, List.of(new FilterHolder(filter)), Map.of(), certificate);
    }

    /** A node on a context the test prepared (attributes, resources, initializers, Jetty's own sessions). */
    public static JettyNode start(String name, ServletContextHandler context, List<FilterHolder> filters,
            Map<String, HttpServlet> extraServlets) {
        return start(name, context, filters, extraServlets, null);
    }

    private static JettyNode start(String name, ServletContextHandler context, List<FilterHolder> filters,
            Map<String, HttpServlet> extraServlets, TestCertificate certificate) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServerConnector tlsConnector = null;
        if (certificate != null) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(certificate.keyStore().toString());
            tls.setKeyStorePassword(certificate.keyStorePassword());
            tls.setKeyStoreType("PKCS12");
            HttpConfiguration https = new HttpConfiguration();
            https.addCustomizer(new SecureRequestCustomizer());
            tlsConnector = new ServerConnector(server, tls, new HttpConnectionFactory(https));
            tlsConnector.setHost("127.0.0.1");
            tlsConnector.setPort(0);
            server.addConnector(tlsConnector);
        }
        filters.forEach(filter -> context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class)));
        TestServlets.register(context, name);
        extraServlets.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(404, "/error-page");
        errors.addErrorPage(IllegalStateException.class, "/error-page");
        context.setErrorHandler(errors);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // Reporting the start failure matters more.
            }
            throw new IllegalStateException("node " + name + " did not start: " + e.getMessage(), e);
        }
        return new JettyNode(name, server, connector, context, tlsConnector);
    }

    public String name() {
        return name;
    }

    /** The root of the application, where a {@link dev.portablesession.testing.Browser} sends its requests. */
    public URI root() {
        return uri("/");
    }

    /** The {@link #root() roots} of {@code nodes}, in order. */
    public static URI[] roots(JettyNode... nodes) {
        return Arrays.stream(nodes).map(JettyNode::root).toArray(URI[]::new);
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery);
    }

    /** The same resource over HTTPS, on a node started {@link #startWithHttps with HTTPS}. */
    public URI httpsUri(String pathAndQuery) {
        if (tlsConnector == null) {
            throw new IllegalStateException("node " + name + " speaks plain HTTP only");
        }
        return URI.create("https://localhost:" + tlsConnector.getLocalPort() + pathAndQuery);
    }

    /** The application's context, for tests that share objects with it through attributes. */
    public jakarta.servlet.ServletContext servletContext() {
        return context.getServletContext();
    }

    /** The servlet handler, for tests that add filters after start. */
    public ServletHandler servletHandler() {
        return context.getServletHandler();
    }

    /** Whether the web application is up (a filter that failed init leaves it unavailable). */
    public boolean isAvailable() {
        return context.isAvailable();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("node " + name + " did not stop", e);
        }
    }
}
