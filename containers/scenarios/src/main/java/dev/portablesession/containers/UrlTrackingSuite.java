package dev.portablesession.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code tracking-modes=URL} on a container: two servers share one Redis, and a client without
 * cookies keeps its session through {@code ;SESSION=<id>} in the path. The container must route
 * {@code /app/s;SESSION=<id>} to the servlet at {@code /s} and leave the parameter in
 * {@code getRequestURI()}, which is where the filter reads it.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class UrlTrackingSuite {

    private final ContainerUnderTest container;
    private Node a;
    private Node b;

    protected UrlTrackingSuite(ContainerUnderTest container) {
        this.container = container;
    }

    @BeforeAll
    void startTwoServers(RedisServer redis) throws Exception {
        a = container.start(deployment(redis, "a"));
        b = container.start(deployment(redis, "b"));
    }

    private static Deployment deployment(RedisServer redis, String node) {
        return new Deployment.Embedded(Map.of(TestApp.NODE, node, TestApp.REGISTRATION, "listener",
                TestApp.REDIS_URL, redis.uri(), "portablesession.namespace", "matrix-url",
                "portablesession.tracking-modes", "URL"), null, List.of());
    }

    @AfterAll
    void stopServers() throws Exception {
        a.close();
        b.close();
    }

    @Test
    void sessionTravelsInThePathBetweenServers() {
        Browser browser = new Browser(a.root(), b.root());
        Browser.Response created = browser.get("/s?op=create");
        assertEquals(List.of(), created.setCookies(), container.name() + ": URL only, no cookie");
        String id = created.body().substring(0, created.body().indexOf(';'));

        Browser.Response set = browser.get("/s;SESSION=" + id + "?op=set&name=user&value=ann");
        assertEquals("b", set.servedBy());
        assertEquals("ok", set.body(), container.name() + " routes a path with an unknown path parameter to its servlet");
        assertEquals("ann", browser.get("/s;SESSION=" + id + "?op=get&name=user").body());
        assertEquals("id=" + id + ";valid=true;cookie=false;url=true", browser.get("/s;SESSION=" + id + "?op=requested").body());
        assertEquals("id=null;valid=false;cookie=false;url=false", browser.get("/s;SESSION=not-an-id?op=requested").body());
    }

    @Test
    void encodeUrlAddsTheIdOnlyForThisApplication() {
        Browser browser = new Browser(a.root());
        String id = browser.get("/s?op=create").body().split(";")[0];
        String self = a.uri("").toString();
        String origin = self.substring(0, self.length() - Deployment.CONTEXT_PATH.length());
        Map<String, String> expected = Map.of(
                "/app/cart?x=1#top", "/app/cart;SESSION=" + id + "?x=1#top",
                "cart", "cart;SESSION=" + id,
                origin + "/app/cart", origin + "/app/cart;SESSION=" + id,
                "/other/cart", "/other/cart",
                "/application", "/application",
                "http://evil.example/app/cart", "http://evil.example/app/cart",
                "http://127.0.0.1:1/app/cart", "http://127.0.0.1:1/app/cart");
        expected.forEach((url, encoded) -> assertEquals(encoded + "|" + encoded,
                browser.get("/s;SESSION=" + id + "?op=encode&url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)).body(),
                container.name() + ": " + url));
    }

    @Test
    void requestedIdFollowsChangeSessionId() {
        Browser browser = new Browser(a.root(), b.root());
        String id = browser.get("/s?op=create").body().split(";")[0];
        String body = browser.get("/s;SESSION=" + id + "?op=changeId-requested").body();
        String newId = body.substring("new=".length(), body.indexOf(';'));
        assertTrue(!newId.equals(id));
        assertEquals("new=" + newId + ";id=" + newId + ";valid=true", body);
        assertEquals("id=" + newId + ";valid=true;cookie=false;url=true", browser.get("/s;SESSION=" + newId + "?op=requested").body());
        assertEquals("id=" + id + ";valid=false;cookie=false;url=true", browser.get("/s;SESSION=" + id + "?op=requested").body());
    }
}
