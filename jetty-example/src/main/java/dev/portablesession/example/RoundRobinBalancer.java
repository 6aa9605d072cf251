package dev.portablesession.example;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A reverse proxy that sends each request to the next node in turn, with no stickiness: exactly the load balancer
 * that loses sessions kept in a server's memory.
 */
final class RoundRobinBalancer {

    private final Server server;
    private final URI uri;

    private RoundRobinBalancer(Server server, URI uri) {
        this.server = server;
        this.uri = uri;
    }

    /**
     * Starts the balancer on all interfaces.
     *
     * @param port  the port to listen on; 0 for a free one
     * @param nodes the nodes' base URLs, in the order they take turns
     */
    static RoundRobinBalancer start(int port, List<URI> nodes) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("balancer");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(port);
        server.addConnector(connector);

        List<URI> targets = List.copyOf(nodes);
        AtomicLong turn = new AtomicLong();
        server.setHandler(new ProxyHandler.Reverse((Request request) -> {
            URI node = targets.get((int) Math.floorMod(turn.getAndIncrement(), (long) targets.size()));
            return HttpURI.build(request.getHttpURI())
                    .scheme(node.getScheme())
                    .host(node.getHost())
                    .port(node.getPort())
                    .asImmutable();
        }));

        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new RoundRobinBalancer(server, URI.create("http://localhost:" + connector.getLocalPort() + "/"));
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
