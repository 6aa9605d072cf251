package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.ContainerUnderTest;
import dev.portablesession.containers.Deployment;
import dev.portablesession.containers.FirstInChainProbe;
import dev.portablesession.containers.Node;
import dev.portablesession.containers.TestApp;
import jakarta.servlet.DispatcherType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat: {@code Tomcat.addContext} for embedded deployments, {@code Tomcat.addWebapp}
 * (web.xml, annotation scanning, initializer discovery) for directories.
 */
final class EmbeddedTomcat implements ContainerUnderTest {

    @Override
    public String name() {
        return ServerInfo.getServerInfo();
    }

    @Override
    public Node start(Deployment deployment) throws Exception {
        Tomcat tomcat = new Tomcat();
        Path base = Files.createTempDirectory("tomcat");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        // Expired sessions are looked for every second (Tomcat's default: every 60 s), so the conformance
        // suite sees them expire without a request, as the filter's expiry poller makes them.
        tomcat.getEngine().setBackgroundProcessorDelay(1);
        if (deployment instanceof Deployment.Directory directory) {
            // Tomcat's default web.xml without its JSP servlet, which needs Jasper.
            tomcat.setAddDefaultWebXmlToWebapp(false);
            Context webapp = tomcat.addWebapp(Deployment.CONTEXT_PATH, directory.path().toString());
            Tomcat.addServlet(webapp, "default", DefaultServlet.class.getName());
            webapp.addServletMappingDecoded("/", "default");
        } else {
            embed(tomcat.addContext(Deployment.CONTEXT_PATH, base.toString()), (Deployment.Embedded) deployment);
        }
        tomcat.start();
        return new Node(connector.getLocalPort(), () -> {
            tomcat.stop();
            tomcat.destroy();
        });
    }

    private static void embed(Context context, Deployment.Embedded deployment) {
        StandardManager sessions = new StandardManager();
        sessions.setProcessExpiresFrequency(1);
        context.setManager(sessions);
        deployment.contextParams().forEach(context::addParameter);
        deployment.initializers().forEach(initializer -> context.addServletContainerInitializer(initializer, null));
        if (deployment.sessionFilter() != null) {
            FilterDef session = new FilterDef();
            session.setFilterName("session");
            session.setFilter(deployment.sessionFilter());
            session.setFilterClass(deployment.sessionFilter().getClass().getName());
            session.setAsyncSupported("true");
            addFilter(context, session, EnumSet.allOf(DispatcherType.class));
        }
        FilterDef probe = new FilterDef();
        probe.setFilterName("probe");
        probe.setFilterClass(FirstInChainProbe.class.getName());
        probe.setAsyncSupported("true");
        addFilter(context, probe, EnumSet.of(DispatcherType.REQUEST));
        context.addApplicationListener(TestApp.class.getName());
        for (int code : Deployment.ERROR_CODES) {
            ErrorPage page = new ErrorPage();
            page.setErrorCode(code);
            page.setLocation(Deployment.ERROR_PAGE);
            context.addErrorPage(page);
        }
        ErrorPage page = new ErrorPage();
        page.setExceptionType(Deployment.ERROR_EXCEPTION.getName());
        page.setLocation(Deployment.ERROR_PAGE);
        context.addErrorPage(page);
    }

    private static void addFilter(Context context, FilterDef filter, EnumSet<DispatcherType> dispatcherTypes) {
        context.addFilterDef(filter);
        FilterMap map = new FilterMap();
        map.setFilterName(filter.getFilterName());
        map.addURLPattern("/*");
        dispatcherTypes.forEach(type -> map.setDispatcher(type.name()));
        context.addFilterMap(map);
    }
}
