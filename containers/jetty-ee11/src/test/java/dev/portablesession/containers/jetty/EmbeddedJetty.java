package dev.portablesession.containers.jetty;

import dev.portablesession.containers.ContainerUnderTest;
import dev.portablesession.containers.Deployment;
import dev.portablesession.containers.FirstInChainProbe;
import dev.portablesession.containers.Node;
import dev.portablesession.containers.TestApp;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.SessionHandler;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.session.HouseKeeper;
import org.eclipse.jetty.util.Jetty;

/**
 * Embedded Jetty 12, ee11 (Servlet 6.1): a {@code ServletContextHandler} without a session
 * handler for embedded deployments, a {@code WebAppContext} (web.xml, annotations, initializer
 * discovery) for directories.
 */
final class EmbeddedJetty implements ContainerUnderTest {

    @Override
    public String name() {
        return "Jetty " + Jetty.VERSION + " ee11";
    }

    @Override
    public Node start(Deployment deployment) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        // Expired sessions are scavenged every second (Jetty's default: ten minutes), so the conformance
        // suite sees them expire without a request, as the filter's expiry poller makes them.
        DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
        HouseKeeper houseKeeper = new HouseKeeper();
        houseKeeper.setIntervalSec(1);
        ids.setSessionHouseKeeper(houseKeeper);
        server.addBean(ids, true);
        if (deployment instanceof Deployment.Directory directory) {
            WebAppContext webapp = new WebAppContext(directory.path().toString(), Deployment.CONTEXT_PATH);
            webapp.setThrowUnavailableOnStartupException(true);
            server.setHandler(webapp);
        } else {
            server.setHandler(embed((Deployment.Embedded) deployment));
        }
        server.start();
        return new Node(connector.getLocalPort(), server::stop);
    }

    private static ServletContextHandler embed(Deployment.Embedded deployment) {
        ServletContextHandler context = new ServletContextHandler(Deployment.CONTEXT_PATH);
        if (deployment.containerSessions()) {
            context.setSessionHandler(new SessionHandler());
        }
        deployment.contextParams().forEach(context::setInitParameter);
        deployment.initializers().forEach(context::addServletContainerInitializer);
        if (deployment.sessionFilter() != null) {
            FilterHolder session = new FilterHolder(deployment.sessionFilter());
            session.setName("session");
            session.setAsyncSupported(true);
            context.addFilter(session, "/*", EnumSet.allOf(DispatcherType.class));
        }
        FilterHolder probe = new FilterHolder(FirstInChainProbe.class);
        probe.setName("probe");
        probe.setAsyncSupported(true);
        context.addFilter(probe, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addEventListener(new TestApp());
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        Deployment.ERROR_CODES.forEach(code -> errors.addErrorPage(code, Deployment.ERROR_PAGE));
        errors.addErrorPage(Deployment.ERROR_EXCEPTION, Deployment.ERROR_PAGE);
        context.setErrorHandler(errors);
        return context;
    }
}
