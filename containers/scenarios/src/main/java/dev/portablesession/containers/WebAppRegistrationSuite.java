package dev.portablesession.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registration styles of a deployed web application, for containers that deploy one
 * themselves: web.xml, an annotated subclass, and the library's initializer discovered in the
 * jar, switched on by one context-param and off by another.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WebAppRegistrationSuite {

    private final ContainerUnderTest container;
    private RedisServer redis;

    protected WebAppRegistrationSuite(ContainerUnderTest container) {
        this.container = container;
    }

    @BeforeAll
    void redis(RedisServer server) {
        redis = server;
    }

    @Test
    void webXmlWithInitParamsContextParamsAndSessionConfig() throws Exception {
        SharedSessions.Seen seen = SharedSessions.check(container, redis, "reg-webxml", directory(new WebAppDirectory()
                .contextParam("portablesession.namespace", "reg-webxml")
                .sessionFilter(Map.of("redis.url", redis.uri()))
                .sessionConfig("""
                            <session-timeout>20</session-timeout>
                            <cookie-config>
                              <attribute><attribute-name>SameSite</attribute-name><attribute-value>Strict</attribute-value></attribute>
                            </cookie-config>""")));
        assertTrue(seen.info().contains(";max=1200;"), "<session-timeout> is the default interval: " + seen.info());
        assertTrue(seen.sessionCookie().endsWith("; HttpOnly; SameSite=Strict"), "<cookie-config> SameSite: " + seen.sessionCookie());
    }

    @Test
    void everyCookieConfigElementOfWebXmlShapesTheFiltersCookie() throws Exception {
        Deployment.Directory app = new WebAppDirectory()
                .contextParam("portablesession.namespace", "reg-cookie-config")
                .sessionFilter(Map.of("redis.url", redis.uri()))
                .sessionConfig("""
                            <cookie-config>
                              <name>SHOP</name>
                              <domain>shop.example</domain>
                              <path>/</path>
                              <http-only>false</http-only>
                              <secure>true</secure>
                              <max-age>600</max-age>
                              <attribute><attribute-name>Priority</attribute-name><attribute-value>High</attribute-value></attribute>
                              <attribute><attribute-name>Partitioned</attribute-name><attribute-value>true</attribute-value></attribute>
                            </cookie-config>""")
                .write("cookie-config");
        try (Node node = container.start(app)) {
            Browser browser = new Browser("SHOP", node.root());
            Browser.Response created = browser.get("/s?op=set&name=user&value=uma");
            String cookie = created.sessionCookie();
            assertNotNull(cookie, "<cookie-config><name> names the filter's cookie: " + created.setCookies());
            List<String> parts = List.of(cookie.split("; "));
            for (String expected : List.of("Path=/", "Domain=shop.example", "Secure", "Max-Age=600", "SameSite=Lax",
                    "Priority=High", "Partitioned")) {
                assertTrue(parts.contains(expected), expected + " in " + cookie);
            }
            // Jetty reports http-only=false the same whether web.xml says it or not (configuration.md): there only
            // the setting cookie.http-only=false turns it off.
            assertEquals(container.name().startsWith("Jetty"), parts.contains("HttpOnly"), "<http-only>false</http-only>: " + cookie);
            assertTrue(created.setCookies().stream().noneMatch(h -> h.startsWith("JSESSIONID=")), created.setCookies().toString());
            Browser.Response read = browser.get("/s?op=get&name=user");
            assertTrue(read.body().contains("uma"), "the cookie finds the session: " + read.body());
        }
    }

    @Test
    void annotatedSubclassWithTheRedisUrlAsAContextParam() throws Exception {
        try (LibraryLog log = LibraryLog.capture()) {
            SharedSessions.check(container, redis, "reg-annotation", directory(new WebAppDirectory()
                    .contextParam("portablesession.redis.url", redis.uri())
                    .contextParam("portablesession.namespace", "reg-annotation")
                    .annotatedFilter()));
            assertEquals(2, log.containing("RedisSessionFilter is registered as \"annotated-session\"").size(),
                    "the initializer saw the annotated filter and stayed out");
            assertEquals(List.of(), log.containing("registered twice"));
        }
    }

    @Test
    void initializerWithOneContextParamGoesAheadOfTheWebXmlFilters() throws Exception {
        try (LibraryLog log = LibraryLog.capture()) {
            SharedSessions.check(container, redis, "reg-drop-in", directory(new WebAppDirectory()
                    .contextParam("portablesession.redis.url", redis.uri())
                    .contextParam("portablesession.namespace", "reg-drop-in")));
            assertEquals(2, log.containing("registered RedisSessionFilter in context /app").size());
        }
    }

    @Test
    void initializerLeavesTheWebXmlFilterAlone() throws Exception {
        try (LibraryLog log = LibraryLog.capture()) {
            SharedSessions.check(container, redis, "reg-webxml-and-param", directory(new WebAppDirectory()
                    .contextParam("portablesession.redis.url", redis.uri())
                    .contextParam("portablesession.namespace", "reg-webxml-and-param")
                    .sessionFilter(Map.of())));
            assertEquals(2, log.containing("RedisSessionFilter is registered as \"session\"").size());
            assertEquals(List.of(), log.containing("registered twice"));
        }
    }

    @Test
    void initializerSwitchedOffRegistersNothing() throws Exception {
        Deployment.Directory off = new WebAppDirectory()
                .contextParam("portablesession.redis.url", redis.uri())
                .contextParam("portablesession.namespace", "reg-off")
                .contextParam("portablesession.auto-register", "false")
                .write("off");
        try (Node node = container.start(off)) {
            Browser browser = new Browser(node.root());
            Browser.Response response = browser.get("/s?op=set&name=user&value=uma");
            assertNull(response.sessionCookie(), response.setCookies().toString());
            assertTrue(response.setCookies().stream().anyMatch(h -> h.startsWith("JSESSIONID=")),
                    "without the filter the container's own session answers: " + response.setCookies());
            assertEquals(List.of(), redis.client().keys("reg-off:*"));
        }
    }

    private static Function<String, Deployment> directory(WebAppDirectory app) {
        return node -> {
            try {
                return app.write(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
