package dev.portablesession.jaspic;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The module's registration with the container's Jakarta Authentication factory. Apart from
 * {@link SharedFormLoginInitializer}, which every container loads from the jar whether or not it
 * has Jakarta Authentication: only this class needs the API's classes.
 *
 * <p>Registrations are global to the JVM and keyed by application-context id, and two
 * applications can have the same id (servers embedded in one JVM). A registration for an id
 * replaces the one before it, so the applications that see this class share one registration and
 * the last of them to stop removes it; and none removes a registration that another copy of the
 * module (another application's class loader) has made since.
 */
final class ProviderRegistration {

    /** By application-context id: the registration this class made and how many applications use it. */
    private static final Map<String, Shared> SHARED = new HashMap<>();

    private ProviderRegistration() {
    }

    private static final class Shared {
        final AuthConfigFactory factory;
        final SharedLoginProvider provider;
        final String id;
        int applications = 1;

        Shared(AuthConfigFactory factory, SharedLoginProvider provider, String id) {
            this.factory = factory;
            this.provider = provider;
            this.id = id;
        }

        boolean isCurrent(String appContext) {
            return factory.getConfigProvider(SharedLoginProvider.LAYER, appContext, null) == provider;
        }
    }

    /**
     * Registers a {@link SharedLoginProvider} for the application, or joins the registration of
     * another application with the same id, and withdraws when the application stops.
     *
     * @return false when the container has no factory ({@code AuthConfigFactory.getFactory()} is null)
     * @throws NoClassDefFoundError when the container has no Jakarta Authentication API at all
     */
    static boolean register(ServletContext context) {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        if (factory == null) {
            return false;
        }
        List<String> appContexts = appContexts(context);
        synchronized (SHARED) {
            for (String appContext : appContexts) {
                Shared shared = SHARED.get(appContext);
                if (shared != null && shared.factory == factory && shared.isCurrent(appContext)) {
                    shared.applications++;
                } else {
                    SharedLoginProvider provider = new SharedLoginProvider();
                    SHARED.put(appContext, new Shared(factory, provider, factory.registerConfigProvider(provider,
                            SharedLoginProvider.LAYER, appContext, "portable-session shared FORM login")));
                }
            }
        }
        context.addListener(new Withdraw(appContexts));
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

    /** Leaves the registration when the application stops; the last application removes it, if it is still this one. */
    private record Withdraw(List<String> appContexts) implements ServletContextListener {

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            synchronized (SHARED) {
                for (String appContext : appContexts) {
                    Shared shared = SHARED.get(appContext);
                    if (shared == null || --shared.applications > 0) {
                        continue;
                    }
                    SHARED.remove(appContext);
                    if (shared.isCurrent(appContext)) {
                        shared.factory.removeRegistration(shared.id);
                    }
                }
            }
        }
    }
}
