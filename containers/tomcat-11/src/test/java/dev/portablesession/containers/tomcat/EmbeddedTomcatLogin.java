package dev.portablesession.containers.tomcat;

import dev.portablesession.containers.Deployment;
import dev.portablesession.containers.Node;
import dev.portablesession.containers.login.LoginApp;
import dev.portablesession.containers.login.LoginContainerUnderTest;
import dev.portablesession.containers.login.LoginDeployment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.authenticator.FormAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

/**
 * Embedded Tomcat with its own FORM login, set up as {@code web.xml} would: Tomcat's in-memory
 * realm ({@code Tomcat.addUser}), a FORM {@code LoginConfig} with the {@link FormAuthenticator}
 * that {@code ContextConfig} installs for it in a deployed application, and the constraint.
 * Tomcat's own Jakarta Authentication factory is used as it comes. A web application directory
 * is deployed with {@code Tomcat.addWebapp}, whose {@code ContextConfig} reads all that from
 * {@code web.xml} and finds the module's initializer on the class path.
 */
final class EmbeddedTomcatLogin implements LoginContainerUnderTest {

    @Override
    public String name() {
        return ServerInfo.getServerInfo();
    }

    @Override
    public Node start(LoginDeployment deployment) throws Exception {
        Tomcat tomcat = new Tomcat();
        Path base = Files.createTempDirectory("tomcat-login");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        LoginDeployment.USERS.forEach(tomcat::addUser);
        LoginDeployment.GROUPS.forEach((user, groups) -> groups.forEach(group -> tomcat.addRole(user, group)));

        if (deployment.webApp() != null) {
            // Tomcat's default web.xml without its JSP servlet, which needs Jasper.
            tomcat.setAddDefaultWebXmlToWebapp(false);
            tomcat.addWebapp(Deployment.CONTEXT_PATH, deployment.webApp().toString());
        } else {
            embed(tomcat.addContext(Deployment.CONTEXT_PATH, base.toString()), deployment);
        }
        tomcat.start();
        return new Node(connector.getLocalPort(), () -> {
            tomcat.stop();
            tomcat.destroy();
        });
    }

    private static void embed(Context context, LoginDeployment deployment) {
        deployment.contextParams().forEach(context::addParameter);
        deployment.initializers().forEach(initializer -> context.addServletContainerInitializer(initializer, null));
        context.addApplicationListener(LoginApp.class.getName());
        context.setLoginConfig(new LoginConfig("FORM", "test", LoginDeployment.LOGIN_PAGE, LoginDeployment.ERROR_PAGE));
        context.getPipeline().addValve(new FormAuthenticator());
        SecurityCollection pages = new SecurityCollection();
        pages.addPattern(LoginDeployment.PROTECTED);
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addCollection(pages);
        constraint.addAuthRole(LoginDeployment.GROUP);
        context.addConstraint(constraint);
        context.addSecurityRole(LoginDeployment.GROUP);
    }
}
