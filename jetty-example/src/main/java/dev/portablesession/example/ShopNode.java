package dev.portablesession.example;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.example.shop.ServedByFilter;
import dev.portablesession.example.shop.ShopServlets;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** One Jetty server running the shop, with its sessions in Redis through its own {@link RedisSessionFilter}. */
final class ShopNode {

    private final String name;
    private final Server server;
    private final URI uri;

    private ShopNode(String name, Server server, URI uri) {
        this.name = name;
        this.server = server;
        this.uri = uri;
    }

    /**
     * Starts a node.
     *
     * @param host     the address to listen on; {@code null} for all interfaces
     * @param port     the port to listen on; 0 for a free one
     * @param urlHost  the host name to print in the node's URL
     */
    static ShopNode start(String name, String host, int port, String urlHost, String redisUrl) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(name);
        Server server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Location: / rather than the node's own address, so redirects lead back through the balancer.
        http.setRelativeRedirectAllowed(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        // NO_SESSIONS: the container's own sessions stay off; RedisSessionFilter provides getSession().
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
        context.setInitParameter(ShopServlets.NODE_NAME_PARAMETER, name);
        EnumSet<DispatcherType> everyDispatch = EnumSet.allOf(DispatcherType.class);
        context.addFilter(new FilterHolder(new ServedByFilter()), "/*", everyDispatch);
        RedisSessionFilter sessions = RedisSessionFilter.builder()
                .redisUrl(redisUrl)
                .namespace(ShopServlets.SESSION_NAMESPACE)
                .build();
        context.addFilter(new FilterHolder(sessions), "/*", everyDispatch);
        ShopServlets.create().forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
        server.setHandler(context);

        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new ShopNode(name, server, URI.create("http://" + urlHost + ":" + connector.getLocalPort() + "/"));
    }

    String name() {
        return name;
    }

    URI uri() {
        return uri;
    }

    void join() throws InterruptedException {
        server.join();
    }

    void stop() throws Exception {
        server.stop();
    }
}
