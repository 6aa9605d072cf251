package dev.portablesession.jaspic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.RegistrationListener;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Registrations are global and keyed by application-context id: applications with the same id
 * share one, the last to stop removes it, and none removes a registration made since by another
 * copy of the module (parallel deployment of a new version).
 */
class ProviderRegistrationTest {

    private static final String ID = "Catalina/localhost /shop";

    private final Factory factory = new Factory();
    private AuthConfigFactory before;

    @BeforeEach
    void installFactory() {
        before = AuthConfigFactory.getFactory();
        AuthConfigFactory.setFactory(factory);
    }

    @AfterEach
    void restoreFactory() {
        AuthConfigFactory.setFactory(before);
    }

    @Test
    void applicationsWithOneIdShareTheRegistrationAndTheLastToStopRemovesIt() {
        Application first = new Application("/shop");
        Application second = new Application("/shop");
        assertTrue(ProviderRegistration.register(first.context));
        AuthConfigProvider provider = factory.providers.get(ID);
        assertNotNull(provider);
        assertTrue(ProviderRegistration.register(second.context));
        assertSame(provider, factory.providers.get(ID), "joined, not replaced");
        assertEquals(1, factory.registrations);

        first.stop();
        assertSame(provider, factory.providers.get(ID), "the second application still uses it");
        second.stop();
        assertNull(factory.providers.get(ID));
    }

    @Test
    void aRegistrationMadeSinceByAnotherCopyOfTheModuleIsLeftAlone() {
        Application old = new Application("/shop");
        ProviderRegistration.register(old.context);
        AuthConfigProvider newVersion = new SharedLoginProvider();
        factory.registerConfigProvider(newVersion, SharedLoginProvider.LAYER, ID, "the new version's own copy");
        old.stop();
        assertSame(newVersion, factory.providers.get(ID));
    }

    @Test
    void theRootContextIsRegisteredInBothSpellings() {
        Application root = new Application("");
        ProviderRegistration.register(root.context);
        assertEquals(List.of("Catalina/localhost ", "Catalina/localhost /"), List.copyOf(factory.providers.keySet()));
        root.stop();
        assertEquals(Map.of(), factory.providers);
    }

    /** A ServletContext with a virtual server name, a context path, and the listeners added to it. */
    private static final class Application {
        final List<ServletContextListener> listeners = new ArrayList<>();
        final ServletContext context;

        Application(String contextPath) {
            context = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServletContext.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getVirtualServerName" -> "Catalina/localhost";
                        case "getContextPath" -> contextPath;
                        case "addListener" -> {
                            listeners.add((ServletContextListener) args[0]);
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException("context." + method.getName());
                    });
        }

        void stop() {
            listeners.forEach(listener -> listener.contextDestroyed(new ServletContextEvent(context)));
        }
    }

    /** The factory's registry, keyed by application-context id as the containers' are. */
    private static final class Factory extends AuthConfigFactory {
        final Map<String, AuthConfigProvider> providers = new LinkedHashMap<>();
        int registrations;

        @Override
        public AuthConfigProvider getConfigProvider(String layer, String appContext, RegistrationListener listener) {
            return providers.get(appContext);
        }

        @Override
        public String registerConfigProvider(AuthConfigProvider provider, String layer, String appContext, String description) {
            registrations++;
            providers.put(appContext, provider);
            return appContext;
        }

        @Override
        public boolean removeRegistration(String registrationID) {
            return providers.remove(registrationID) != null;
        }

        @Override
        public String registerConfigProvider(String className, Map<String, String> properties, String layer, String appContext,
                String description) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String registerServerAuthModule(ServerAuthModule serverAuthModule, Object context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeServerAuthModule(Object context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String[] detachListener(RegistrationListener listener, String layer, String appContext) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String[] getRegistrationIDs(AuthConfigProvider provider) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RegistrationContext getRegistrationContext(String registrationID) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void refresh() {
            throw new UnsupportedOperationException();
        }
    }
}
