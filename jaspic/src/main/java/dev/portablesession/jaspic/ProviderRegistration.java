package dev.portablesession.jaspic;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The module's registration with the container's Jakarta Authentication factory. Apart from
 * {@link SharedFormLoginInitializer}, which every container loads from the jar whether or not it
 * has Jakarta Authentication: only this class needs the API's classes.
 */
final class ProviderRegistration {

    private ProviderRegistration() {
    }

    /**
     * Registers a {@link SharedLoginProvider} for the application, and removes it when the
     * application stops.
     *
     * @return false when the container has no factory ({@code AuthConfigFactory.getFactory()} is null)
     * @throws NoClassDefFoundError when the container has no Jakarta Authentication API at all
     */
    static boolean register(ServletContext context) {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        if (factory == null) {
            return false;
        }
        List<String> registrations = new ArrayList<>();
        for (String appContext : appContexts(context)) {
            registrations.add(factory.registerConfigProvider(new SharedLoginProvider(), SharedLoginProvider.LAYER,
                    appContext, "portable-session shared FORM login"));
        }
        context.addListener(new Withdraw(factory, registrations));
        return true;
    }

    /**
     * The application-context ids under which the container looks: the Servlet Container Profile's
     * {@code getVirtualServerName() + " " + getContextPath()} (Tomcat), and for the root context
     * also with {@code /} as its path, as Jetty's {@code JaspiAuthenticatorFactory} writes it.
     */
    static List<String> appContexts(ServletContext context) {
        String host = context.getVirtualServerName();
        String path = context.getContextPath();
        return path.isEmpty() ? List.of(host + " ", host + " /") : List.of(host + " " + path);
    }

    /**
     * Removes the registrations when the application stops, so a redeployment does not find stale
     * ones. Two servers in one JVM whose applications have the same id share one registration:
     * the first to stop removes it for both.
     */
    private record Withdraw(AuthConfigFactory factory, List<String> registrations) implements ServletContextListener {

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            registrations.forEach(factory::removeRegistration);
        }
    }
}
