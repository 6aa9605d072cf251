package dev.portablesession.containers.jetty;

import dev.portablesession.containers.Deployment;
import dev.portablesession.containers.Node;
import dev.portablesession.containers.login.LoginApp;
import dev.portablesession.containers.login.LoginContainerUnderTest;
import dev.portablesession.containers.login.LoginDeployment;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.SessionHandler;
import org.eclipse.jetty.ee11.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee11.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.FormAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.security.Credential;

/**
 * Embedded Jetty 12 (ee11) with its own FORM login, set up as {@code web.xml} would: a
 * {@code HashLoginService} with the users, a {@code ConstraintSecurityHandler} with the FORM
 * authenticator (redirecting to its pages, Jetty's default) and the constraint, and the session
 * handler Jetty's FORM login keeps its login in. Without {@code jetty-ee11-jaspi}: Jetty has no
 * Jakarta Authentication then.
 */
final class EmbeddedJettyLogin implements LoginContainerUnderTest {

    @Override
    public String name() {
        return "Jetty " + Jetty.VERSION + " ee11";
    }

    @Override
    public Node start(LoginDeployment deployment) throws Exception {
        if (deployment.webApp() != null) {
            throw new UnsupportedOperationException("web application directories are not deployed by " + name());
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(Deployment.CONTEXT_PATH);
        context.setSessionHandler(new SessionHandler());
        deployment.contextParams().forEach(context::setInitParameter);
        deployment.initializers().forEach(context::addServletContainerInitializer);
        context.addEventListener(new LoginApp());

        UserStore users = new UserStore();
        LoginDeployment.USERS.forEach((user, password) -> users.addUser(user, Credential.getCredential(password),
                LoginDeployment.GROUPS.get(user).toArray(String[]::new)));
        HashLoginService realm = new HashLoginService("test");
        realm.setUserStore(users);
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setLoginService(realm);
        security.setAuthenticator(new FormAuthenticator(LoginDeployment.LOGIN_PAGE, LoginDeployment.ERROR_PAGE, false));
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec(LoginDeployment.PROTECTED);
        mapping.setConstraint(Constraint.from(LoginDeployment.GROUP));
        security.addConstraintMapping(mapping);
        context.setSecurityHandler(security);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            // An application that fails to start leaves the server's threads and port behind otherwise.
            server.stop();
            throw e;
        }
        return new Node(connector.getLocalPort(), server::stop);
    }
}
