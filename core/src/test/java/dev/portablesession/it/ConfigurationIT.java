package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.util.Map;
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
            Browser browser = new Browser("SHOPSESSION", node.root());
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
            Browser.Response created = new Browser("FROMPROPERTY", node.root()).get("/s?op=create");
            assertTrue(created.setCookies().get(0).startsWith("FROMPROPERTY="), created.setCookies().toString());
        } finally {
            System.clearProperty("portablesession.cookie.name");
        }
    }

    @Test
    void webXmlSessionConfigIsTheDefault(RedisServer redis) {
        // What <session-config><session-timeout>7</session-timeout><cookie-config> sets.
        try (JettyNode node = JettyNode.startWithSessionConfig("a", "/app", sessions -> {
            sessions.setMaxInactiveInterval(7 * 60);
            sessions.getSessionCookieConfig().setName("WEBXMLSESSION");
            sessions.getSessionCookieConfig().setAttribute("SameSite", "Strict");
        }, RedisSessionFilter.builder().redisUrl(redis.uri()).build())) {
            Browser browser = new Browser("WEBXMLSESSION", node.root());
            assertEquals("no-session", browser.get("/app/s?op=info").body());
            String cookie = browser.get("/app/s?op=create").setCookies().get(0);
            assertTrue(cookie.startsWith("WEBXMLSESSION=") && cookie.contains("; Path=/app;") && cookie.endsWith("; SameSite=Strict"), cookie);
            String key = RedisSessionStore.key("session:app", browser.cookie());
            assertTrue(redis.client().exists(key), "default namespace comes from the context path");
            long ttl = redis.client().ttlMillis(key);
            assertTrue(ttl > 400_000 && ttl <= 420_000, "TTL from session-timeout 7 min: " + ttl);
        }
    }

    @Test
    void servlet6CookieAttributesPassThrough(RedisServer redis) {
        // What <cookie-config><attribute>…Priority / Partitioned…</attribute> sets.
        try (JettyNode node = JettyNode.startWithSessionConfig("a", "/app", sessions -> {
            sessions.getSessionCookieConfig().setAttribute("Priority", "High");
            sessions.getSessionCookieConfig().setAttribute("Partitioned", "true");
        }, RedisSessionFilter.builder().redisUrl(redis.uri()).build())) {
            String cookie = new Browser("SESSION", node.root()).get("/app/s?op=create").setCookies().get(0);
            assertTrue(cookie.contains("; HttpOnly; SameSite=Lax;") && cookie.contains("; Priority=High")
                    && cookie.contains("; Partitioned"), cookie);
            assertFalse(cookie.toLowerCase(java.util.Locale.ROOT).contains("comment"), cookie);
        }
    }

    @Test
    void jettysOwnHttpOnlyDefaultDoesNotTurnItOff(RedisServer redis) {
        // Jetty reports http-only false when nothing is configured, and when web.xml says false.
        try (JettyNode node = JettyNode.startWithSessionConfig("a", "/app",
                sessions -> sessions.getSessionCookieConfig().setHttpOnly(false),
                RedisSessionFilter.builder().redisUrl(redis.uri()).build())) {
            String cookie = new Browser("SESSION", node.root()).get("/app/s?op=create").setCookies().get(0);
            assertTrue(cookie.contains("; HttpOnly"), cookie);
        }
    }

    @Test
    void requestedIdFollowsChangeSessionIdAsOnTomcat(RedisServer redis) {
        try (JettyNode node = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-change").build())) {
            Browser browser = new Browser("SESSION", node.root());
            browser.get("/s?op=create");
            String body = browser.get("/s?op=changeId-requested").body();
            String newId = body.substring("new=".length(), body.indexOf(';'));
            assertEquals("new=" + newId + ";id=" + newId + ";valid=true", body);
            assertEquals(newId, browser.cookie());
        }
    }

    @Test
    void withoutASessionHandlerTheDefaultIsThirtyMinutesNotNever(RedisServer redis) {
        // Jetty without a session handler reports a session timeout of 0 ("never expires").
        try (JettyNode node = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(redis.uri())
                .namespace("it-default-timeout").build())) {
            Browser browser = new Browser(node.root());
            browser.get("/s?op=create");
            long ttl = redis.client().ttlMillis(RedisSessionStore.key("it-default-timeout", browser.cookie()));
            assertTrue(ttl > 1_790_000 && ttl <= 1_800_000, "30 minutes: " + ttl);
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
