package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.SessionTrackingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The session id in the URL ({@code ;SESSION=<id>}), over real HTTP on two servers sharing one
 * Redis: read from the path, added by {@code encodeURL} only for this application, and nothing of
 * it with the default, cookies only.
 */
@ExtendWith(RedisExtension.class)
class UrlTrackingIT {

    private static RedisSessionFilter filter(RedisServer redis, SessionTrackingMode... modes) {
        RedisSessionFilter.Builder builder = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-url");
        return modes.length == 0 ? builder.build() : builder.trackingModes(modes).build();
    }

    private static String encode(String url) {
        return URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    private static String created(Browser.Response response) {
        return response.body().substring(0, response.body().indexOf(';'));
    }

    @Test
    void urlOnlySessionTravelsBetweenServersInThePath(RedisServer redis) {
        try (JettyNode a = JettyNode.start("a", filter(redis, SessionTrackingMode.URL));
                JettyNode b = JettyNode.start("b", filter(redis, SessionTrackingMode.URL))) {
            Browser browser = new Browser("SESSION", a.root(), b.root());
            Browser.Response create = browser.get("/s?op=create");
            assertEquals(List.of(), create.setCookies(), "URL only: no cookie");
            String id = created(create);

            assertEquals("ok", browser.get("/s;SESSION=" + id + "?op=set&name=user&value=ann").body());
            Browser.Response read = browser.get("/s;SESSION=" + id + "?op=get&name=user");
            assertEquals("ann", read.body());
            assertEquals("a", read.servedBy());
            assertEquals(List.of(), read.setCookies());
            assertEquals("id=" + id + ";valid=true;cookie=false;url=true", browser.get("/s;SESSION=" + id + "?op=requested").body());

            assertEquals("/s;SESSION=" + id + "?op=get#top|x;SESSION=" + id,
                    browser.at(b.root()).get("/s;SESSION=" + id + "?op=encode&url=" + encode("/s?op=get#top")).body().split("\\|")[0]
                            + "|" + browser.at(b.root()).get("/s;SESSION=" + id + "?op=encode&url=x").body().split("\\|")[1]);
        }
    }

    @Test
    void encodeUrlNeverSendsTheIdElsewhere(RedisServer redis) {
        try (JettyNode a = JettyNode.start("a", filter(redis, SessionTrackingMode.URL))) {
            Browser browser = new Browser("SESSION", a.root());
            String id = created(browser.get("/s?op=create"));
            String self = a.uri("").toString();
            String port = self.substring(self.lastIndexOf(':') + 1);
            for (String foreign : List.of("http://evil.example/s", "//evil.example/s", "http://127.0.0.1:1/s",
                    "https://127.0.0.1:" + port + "/s", "mailto:someone@example.com", "#top")) {
                assertEquals(foreign + "|" + foreign, browser.get("/s;SESSION=" + id + "?op=encode&url=" + encode(foreign)).body(),
                        "left unchanged: " + foreign);
            }
            String same = "http://127.0.0.1:" + port + "/cart?x=1";
            assertEquals("http://127.0.0.1:" + port + "/cart;SESSION=" + id + "?x=1",
                    browser.get("/s;SESSION=" + id + "?op=encode&url=" + encode(same)).body().split("\\|")[0]);
            assertEquals("/cart;SESSION=" + id, browser.get("/s;SESSION=" + id + "?op=encode&url=" + encode("/cart;SESSION=" + id)).body()
                    .split("\\|")[0], "a URL that carries the id already keeps one");
        }
    }

    @Test
    void urlIdsAreCheckedForShapeAndCookiesIgnoredWithUrlOnly(RedisServer redis) {
        try (JettyNode a = JettyNode.start("a", filter(redis, SessionTrackingMode.URL))) {
            Browser browser = new Browser("SESSION", a.root());
            String id = created(browser.get("/s?op=create"));
            assertEquals("id=null;valid=false;cookie=false;url=false", browser.get("/s;SESSION=not-an-id?op=requested").body());
            assertEquals("id=null;valid=false;cookie=false;url=false", browser.get("/s;SESSION=" + id + "x?op=requested").body());
            String unknown = "A".repeat(43);
            assertEquals("id=" + unknown + ";valid=false;cookie=false;url=true", browser.get("/s;SESSION=" + unknown + "?op=requested").body());
            browser.cookie(id);
            assertEquals("id=null;valid=false;cookie=false;url=false", browser.get("/s?op=requested").body(),
                    "URL only: the cookie is not read");
            assertEquals("x|x", browser.get("/s?op=encode&url=x").body(), "no session, nothing to add");
        }
    }

    @Test
    void cookieAndUrlRewritesOnlyUntilTheCookieComesBack(RedisServer redis) {
        try (JettyNode a = JettyNode.start("a", filter(redis, SessionTrackingMode.COOKIE, SessionTrackingMode.URL))) {
            Browser browser = new Browser("SESSION", a.root());
            Browser.Response first = browser.get("/s?op=encode&value=create&url=x");
            String id = browser.cookie();
            assertEquals(1, first.setCookies().size());
            assertEquals("x;SESSION=" + id + "|x;SESSION=" + id, first.body(), "the client has not returned the cookie yet");
            assertEquals("x|x", browser.get("/s?op=encode&url=x").body(), "the cookie came back");
            assertEquals("id=" + id + ";valid=true;cookie=true;url=false", browser.get("/s?op=requested").body());
            browser.cookie(null);
            assertEquals("id=" + id + ";valid=true;cookie=false;url=true", browser.get("/s;SESSION=" + id + "?op=requested").body());
            assertEquals("x;SESSION=" + id + "|x;SESSION=" + id, browser.get("/s;SESSION=" + id + "?op=encode&url=x").body());
        }
    }

    @Test
    void cookiesOnlyByDefaultIgnoreIdsInUrls(RedisServer redis) {
        try (JettyNode a = JettyNode.start("a", filter(redis))) {
            Browser browser = new Browser("SESSION", a.root());
            browser.get("/s?op=create");
            String id = browser.cookie();
            browser.cookie(null);
            assertEquals("id=null;valid=false;cookie=false;url=false", browser.get("/s;SESSION=" + id + "?op=requested").body());
            browser.cookie(id);
            assertEquals("x|x", browser.get("/s?op=encode&url=x").body());
        }
    }

    @Test
    void trackingModesSetOnTheContainerAreHonoured(RedisServer redis) {
        // What <tracking-mode>URL</tracking-mode> in web.xml sets.
        try (JettyNode a = JettyNode.startWithSessionConfig("a", "/app",
                sessions -> sessions.setSessionTrackingModes(Set.of(SessionTrackingMode.URL)), filter(redis))) {
            Browser browser = new Browser("SESSION", a.root());
            Browser.Response create = browser.get("/app/s?op=create");
            assertEquals(List.of(), create.setCookies());
            String id = created(create);
            assertEquals("/app/x;SESSION=" + id + "|/other/x", browser.get("/app/s;SESSION=" + id + "?op=encode&url=" + encode("/app/x")).body()
                    .split("\\|")[0] + "|" + browser.get("/app/s;SESSION=" + id + "?op=encode&url=" + encode("/other/x")).body().split("\\|")[0]);
        }
    }

    @Test
    void theContainersDefaultModesMeanCookiesOnly(RedisServer redis) {
        // Jetty reports COOKIE and URL, its default, when nothing is configured.
        try (JettyNode a = JettyNode.startWithSessionConfig("a", "/app", sessions -> { }, filter(redis))) {
            Browser browser = new Browser("SESSION", a.root());
            browser.get("/app/s?op=create");
            String id = browser.cookie();
            assertTrue(id != null);
            browser.cookie(null);
            assertEquals("id=null;valid=false;cookie=false;url=false", browser.get("/app/s;SESSION=" + id + "?op=requested").body());
        }
    }
}
