package dev.portablesession.containers.undertow;

import dev.portablesession.containers.ContainerUnderTest;
import dev.portablesession.containers.Deployment;
import dev.portablesession.containers.FirstInChainProbe;
import dev.portablesession.containers.Node;
import dev.portablesession.containers.TestApp;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.Version;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ErrorPage;
import io.undertow.servlet.api.ServletContainer;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContainerInitializer;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * Embedded Undertow 2.3, the web engine of WildFly, through its servlet deployment API. Undertow
 * has no web.xml parser and no annotation scanner of its own (WildFly does both and hands
 * Undertow the result), so it takes embedded deployments only.
 */
final class EmbeddedUndertow implements ContainerUnderTest {

    @Override
    public String name() {
        return "Undertow " + Version.getVersionString();
    }

    @Override
    public Node start(Deployment deployment) throws Exception {
        if (!(deployment instanceof Deployment.Embedded embedded)) {
            throw new UnsupportedOperationException("Undertow deploys no web application directories: " + deployment);
        }
        // A servlet container per server: Undertow finds the target of AsyncContext.dispatch() by path in it.
        DeploymentManager manager = ServletContainer.Factory.newInstance().addDeployment(info(embedded));
        manager.deploy();
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath(Deployment.CONTEXT_PATH, manager.start()))
                .build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return new Node(port, () -> {
            server.stop();
            manager.stop();
            manager.undeploy();
        });
    }

    private static DeploymentInfo info(Deployment.Embedded deployment) {
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(EmbeddedUndertow.class.getClassLoader())
                .setContextPath(Deployment.CONTEXT_PATH)
                .setDeploymentName("app");
        deployment.contextParams().forEach(info::addInitParameter);
        for (ServletContainerInitializer initializer : deployment.initializers()) {
            info.addServletContainerInitializer(new ServletContainerInitializerInfo(initializer.getClass(),
                    new ImmediateInstanceFactory<>(initializer), Set.of()));
        }
        Filter session = deployment.sessionFilter();
        if (session != null) {
            info.addFilter(Servlets.filter("session", session.getClass(), new ImmediateInstanceFactory<>(session)).setAsyncSupported(true));
            for (DispatcherType type : DispatcherType.values()) {
                info.addFilterUrlMapping("session", "/*", type);
            }
        }
        info.addFilter(Servlets.filter("probe", FirstInChainProbe.class).setAsyncSupported(true));
        info.addFilterUrlMapping("probe", "/*", DispatcherType.REQUEST);
        info.addListener(Servlets.listener(TestApp.class));
        Deployment.ERROR_CODES.forEach(code -> info.addErrorPage(new ErrorPage(Deployment.ERROR_PAGE, code)));
        info.addErrorPage(new ErrorPage(Deployment.ERROR_PAGE, Deployment.ERROR_EXCEPTION));
        return info;
    }
}
