package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.RedisSessionInitializer;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The library's ServletContainerInitializer in a real container: when it registers the filter,
 * where in the chain, and when it stays out of the way. Discovery through META-INF/services is
 * tested on each container by the container matrix.
 */
@ExtendWith(RedisExtension.class)
class InitializerIT {

    private static final String NAMESPACE = "it-initializer";

    @Test
    void aRedisUrlContextParamRegistersTheFilterAheadOfTheApplicationsFilters(RedisServer redis) throws Exception {
        try (App app = App.start(Map.of("portablesession.redis.url", redis.uri(), "portablesession.namespace", NAMESPACE), null)) {
            FilterRegistration registration = app.sessionFilters().get(RedisSessionInitializer.FILTER_NAME);
            assertNotNull(registration, app.sessionFilters().toString());
            assertEquals(List.of("/*"), List.copyOf(registration.getUrlPatternMappings()));
            assertEquals(RedisSessionFilter.class.getName(), registration.getClassName());

            // The application's filter uses the session; without ours ahead of it, Jetty has no session to give.
            HttpResponse<String> response = app.get("/s");
            assertEquals(200, response.statusCode(), response.body());
            String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.startsWith("SESSION="), cookie);
            String id = cookie.substring("SESSION=".length(), cookie.indexOf(';'));
            assertTrue(redis.client().hgetall(RedisSessionStore.key(NAMESPACE, id)).containsKey("a:seen-by"),
                    "the application's filter wrote to the session in Redis");
        }
    }

    @Test
    void theRedisConfigFileContextParamAlsoRegisters(RedisServer redis) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("redisson", ".yaml");
        try {
            java.nio.file.Files.writeString(file, "singleServerConfig:\n  address: \"" + redis.address() + "\"\n");
            try (App app = App.start(Map.of("portablesession.redis.config-file", file.toString()), null)) {
                assertEquals(List.of(RedisSessionInitializer.FILTER_NAME), List.copyOf(app.sessionFilters().keySet()));
                assertEquals(200, app.get("/s").statusCode());
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void withoutARedisContextParamNothingIsRegistered() throws Exception {
        try (App app = App.start(Map.of("portablesession.namespace", NAMESPACE), null)) {
            assertEquals(Map.of(), app.sessionFilters());
        }
    }

    @Test
    void aMisspeltRedisUrlIsReportedWithTheNearestSetting() throws Exception {
        try (LibraryLog log = LibraryLog.capture();
                App app = App.start(Map.of("portablesession.redis-url", "redis://127.0.0.1:1", "portablesession.nmespace", "x"), null)) {
            assertEquals(Map.of(), app.sessionFilters(), "not registered: the setting that would register it is misspelt");
            assertEquals(List.of("context-param portablesession.redis-url names no setting of RedisSessionFilter and is ignored;"
                    + " did you mean portablesession.redis.url?"), log.containing("portablesession.redis-url"));
            assertEquals(1, log.containing("did you mean portablesession.namespace?").size(), log.messages().toString());
        }
    }

    @Test
    void autoRegisterFalseWinsOverARedisUrl(RedisServer redis) throws Exception {
        try (App app = App.start(Map.of("portablesession.redis.url", redis.uri(), "portablesession.auto-register", "false"), null)) {
            assertEquals(Map.of(), app.sessionFilters());
        }
    }

    @Test
    void autoRegisterTrueRegistersWithoutARedisContextParam() throws Exception {
        // The filter then finds Redis through system properties or the environment; this test sends no request.
        try (App app = App.start(Map.of("portablesession.auto-register", "true"), null)) {
            assertEquals(List.of(RedisSessionInitializer.FILTER_NAME), List.copyOf(app.sessionFilters().keySet()));
        }
    }

    @Test
    void aSessionFilterTheApplicationRegisteredIsLeftAlone(RedisServer redis) throws Exception {
        FilterHolder own = new FilterHolder(new RedisSessionFilter() {
        });
        own.setName("own");
        try (App app = App.start(Map.of("portablesession.redis.url", redis.uri()), own)) {
            assertEquals(List.of("own"), List.copyOf(app.sessionFilters().keySet()));
            assertEquals(1, app.get("/s").headers().allValues("Set-Cookie").size(), "one filter, one cookie");
        }
    }

    @Test
    void anInvalidAutoRegisterValueStopsTheApplication() {
        ServletException e = assertThrows(ServletException.class, () -> App.start(Map.of("portablesession.auto-register", "sometimes"), null));
        assertEquals("RedisSessionInitializer: invalid setting auto-register = \"sometimes\" (from context-param"
                + " portablesession.auto-register): expected one of auto, true, false", e.getMessage());
    }

    /** One Jetty server whose context runs the initializer, as a container does after discovering it. */
    private record App(Server server, ServletContextHandler context, int port) implements AutoCloseable {

        static App start(Map<String, String> contextParams, FilterHolder declared) throws Exception {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            contextParams.forEach(context::setInitParameter);
            context.addServletContainerInitializer(new RedisSessionInitializer());
            if (declared != null) {
                context.addFilter(declared, "/*", EnumSet.allOf(DispatcherType.class));
            }
            context.addFilter(new FilterHolder(new HttpFilter() {
                @Override
                protected void doFilter(HttpServletRequest request, HttpServletResponse response, jakarta.servlet.FilterChain chain)
                        throws IOException, jakarta.servlet.ServletException {
                    request.getSession().setAttribute("seen-by", "application filter");
                    chain.doFilter(request, response);
                }
            }), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.getWriter().print("ok");
                }
            }), "/s");
            server.setHandler(context);
            server.start();
            return new App(server, context, connector.getLocalPort());
        }

        /** Registered filters that are a RedisSessionFilter or subclass, by name. */
        Map<String, FilterRegistration> sessionFilters() throws ClassNotFoundException {
            Map<String, FilterRegistration> found = new TreeMap<>();
            for (Map.Entry<String, ? extends FilterRegistration> entry : context.getServletContext().getFilterRegistrations().entrySet()) {
                if (RedisSessionFilter.class.isAssignableFrom(Class.forName(entry.getValue().getClassName()))) {
                    found.put(entry.getKey(), entry.getValue());
                }
            }
            return found;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}
