package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Settings from init-params, the builder, system properties and web.xml session-config. */
@ExtendWith(RedisExtension.class)
class ConfigurationIT {

    @Test
    void invalidSettingFailsInitNamingTheSettingAndValue(RedisServer redis) {
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> JettyNode.startWithInitParams("a",
                Map.of("redis.url", redis.uri(), "cookie.same-site", "Laxx")).close());
        String message = causes(failed);
        assertTrue(message.contains("cookie.same-site") && message.contains("Laxx"), message);
    }

    @Test
    void invalidRedisUrlFailsInitWithoutEchoingThePassword() {
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> JettyNode.startWithInitParams("a",
                Map.of("redis.url", "redis://:top-secret-pw@127.0.0.1:notaport")).close());
        String message = causes(failed);
        assertTrue(message.contains("redis.url"), message);
        assertFalse(message.contains("top-secret-pw"), message);
    }

    @Test
    void initParamsConfigureTheCookie(RedisServer redis) {
        try (JettyNode node = JettyNode.startWithInitParams("a", Map.of("redis.url", redis.uri(),
                "namespace", "it-config", "cookie.name", "SHOPSESSION", "cookie.secure", "true",
                "cookie.same-site", "Strict", "cookie.domain", "example.test", "cookie.max-age", "3600",
                "cookie.path", "/shop", "cookie.http-only", "false"))) {
            Browser browser = new Browser("SHOPSESSION", node);
            Browser.Response created = browser.get("/s?op=create");
            assertEquals(1, created.setCookies().size(), created.setCookies().toString());
            String header = created.setCookies().get(0);
            assertTrue(header.startsWith("SHOPSESSION=" + browser.cookie() + "; Path=/shop; Domain=example.test; Max-Age=3600; Expires="), header);
            assertTrue(header.endsWith("; Secure; SameSite=Strict"), header);
            assertFalse(header.contains("HttpOnly"), header);
        }
    }

    @Test
    void systemPropertiesOverrideTheBuilder(RedisServer redis) {
        System.setProperty("portablesession.cookie.name", "FROMPROPERTY");
        try (JettyNode node = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(redis.uri())
                .namespace("it-config").cookieName("FROMBUILDER").build())) {
            Browser.Response created = new Browser("FROMPROPERTY", node).get("/s?op=create");
            assertTrue(created.setCookies().get(0).startsWith("FROMPROPERTY="), created.setCookies().toString());
        } finally {
            System.clearProperty("portablesession.cookie.name");
        }
    }

    @Test
    void webXmlSessionConfigIsTheDefault(RedisServer redis) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/app");
        // What <session-config><session-timeout>7</session-timeout><cookie-config> sets.
        context.getSessionHandler().setMaxInactiveInterval(7 * 60);
        context.getSessionHandler().getSessionCookieConfig().setName("WEBXMLSESSION");
        context.getSessionHandler().getSessionCookieConfig().setAttribute("SameSite", "Strict");
        context.addFilter(new FilterHolder(RedisSessionFilter.builder().redisUrl(redis.uri()).build()), "/*",
                EnumSet.allOf(DispatcherType.class));
        TestServlets.register(context, "a");
        server.setHandler(context);
        server.start();
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + connector.getLocalPort()
                            + "/app/s?op=info")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals("no-session", response.body());
            response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + connector.getLocalPort()
                            + "/app/s?op=maxInactive&value=420")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            String cookie = response.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(cookie.startsWith("WEBXMLSESSION=") && cookie.contains("; Path=/app;") && cookie.endsWith("; SameSite=Strict"), cookie);
            String id = cookie.substring("WEBXMLSESSION=".length(), cookie.indexOf(';'));
            String key = "session:app:{" + id + "}";
            assertTrue(redis.client().exists(key), "default namespace comes from the context path");
            assertEquals("420", new String(redis.client().hgetall(key).get("m:max-inactive"), java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            server.stop();
        }
    }

    @Test
    void withoutASessionHandlerTheDefaultIsThirtyMinutesNotNever(RedisServer redis) {
        // Jetty without a session handler reports a session timeout of 0 ("never expires").
        try (JettyNode node = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(redis.uri())
                .namespace("it-default-timeout").build())) {
            Browser browser = new Browser("SESSION", node);
            browser.get("/s?op=create");
            long ttl = redis.client().ttlMillis("it-default-timeout:{" + browser.cookie() + "}");
            assertTrue(ttl > 1_790_000 && ttl <= 1_800_000, "30 minutes: " + ttl);
        }
    }

    @Test
    void sessionTimeoutFromWebXmlAppliesToNewSessions(RedisServer redis) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.getSessionHandler().setMaxInactiveInterval(7 * 60);
        context.addFilter(new FilterHolder(RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-timeout").build()),
                "/*", EnumSet.allOf(DispatcherType.class));
        TestServlets.register(context, "a");
        server.setHandler(context);
        server.start();
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + connector.getLocalPort()
                            + "/s?op=create")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            String id = response.body().substring(0, response.body().indexOf(';'));
            long ttl = redis.client().ttlMillis("it-timeout:{" + id + "}");
            assertTrue(ttl > 400_000 && ttl <= 420_000, "TTL from session-timeout 7 min: " + ttl);
            assertNotNull(response.headers().firstValue("Set-Cookie").orElse(null));
        } finally {
            server.stop();
        }
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
