package dev.portablesession.example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example as its README section runs it: two copies of the jar's application, each with its
 * own port and name, on one Redis, and a browser that sends each request to the other copy. The
 * example's own {@code application.properties} is used unchanged but for the Redis address.
 */
@ExtendWith(RedisExtension.class)
class SampleApplicationIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final List<ConfigurableApplicationContext> COPIES = new ArrayList<>();
    private static final List<URI> ROOTS = new ArrayList<>();

    @BeforeAll
    static void startTwoCopies(RedisServer redis) {
        for (String name : List.of("left", "right")) {
            ConfigurableApplicationContext copy = new SpringApplicationBuilder(SampleApplication.class)
                    .run("--server.port=0", "--sample.name=" + name, "--portablesession.redis.url=" + redis.uri(),
                            "--portablesession.namespace=sample-it", "--logging.level.root=WARN");
            COPIES.add(copy);
            ROOTS.add(URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) copy).getWebServer().getPort() + "/"));
        }
    }

    @AfterAll
    static void stop() {
        COPIES.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void aLoginOnOneCopyHoldsOnTheOtherAndTheSessionCountsOnBoth() throws Exception {
        Browser browser = new Browser();
        Browser.Page login = browser.get("/login");
        assertEquals("left", login.servedBy());
        assertEquals(200, login.status(), login.body());

        Browser.Page loggedIn = browser.post("/login", "username=alice&password=wonderland&_csrf=" + csrf(login));
        assertEquals("right", loggedIn.servedBy());
        assertEquals(302, loggedIn.status());
        assertEquals("/", URI.create(loggedIn.location()).getPath(), "to the page asked for");

        Browser.Page first = browser.get("/");
        Browser.Page second = browser.get("/");
        assertEquals(List.of("left", "right"), List.of(first.servedBy(), second.servedBy()));
        assertTrue(first.body().contains("Signed in as <b>alice</b>"), first.body());
        assertEquals("1", field(first, "visits"));
        assertEquals("2", field(second, "visits"), "the other copy saw the first visit");
        assertEquals("1", field(second, "sessions"), "the user's sessions, from either copy");

        Browser.Page out = browser.post("/logout", "_csrf=" + csrf(second));
        assertEquals(302, out.status());
        Browser.Page after = browser.get("/");
        assertEquals(302, after.status(), "logged out on both copies");
        assertTrue(after.location().endsWith("/login"), after.location());
    }

    @Test
    void logOutEverywhereEndsTheUsersSessionsOnBothCopies() throws Exception {
        Browser phone = loggedIn();
        Browser laptop = loggedIn();
        Browser.Page home = laptop.get("/");
        assertEquals("2", field(home, "sessions"), home.body());

        Browser.Page ended = laptop.post("/logout-everywhere", "_csrf=" + csrf(home));
        assertEquals(200, ended.status(), ended.body());
        assertEquals("ended 2 session(s) of alice", ended.body());
        for (Browser browser : List.of(phone, laptop)) {
            for (int i = 0; i < 2; i++) {
                Browser.Page page = browser.get("/");
                assertEquals(302, page.status(), "on " + page.servedBy());
            }
        }
    }

    @Test
    void aWrongPasswordIsTheLoginPageAgainNotAnError() throws Exception {
        Browser browser = new Browser();
        Browser.Page login = browser.get("/login");
        Browser.Page refused = browser.post("/login", "username=alice&password=" + URLEncoder.encode("not it",
                StandardCharsets.UTF_8) + "&_csrf=" + csrf(login));
        assertEquals(302, refused.status());
        assertTrue(refused.location().endsWith("/login?error"), refused.location());
        Browser.Page shown = browser.get("/login?error");
        assertEquals(200, shown.status());
        assertFalse(browser.cookies().contains("JSESSIONID"), "only the filter's cookie: " + browser.cookies());
    }

    private static Browser loggedIn() throws Exception {
        Browser browser = new Browser();
        Browser.Page login = browser.get("/login");
        assertEquals(302, browser.post("/login", "username=alice&password=wonderland&_csrf=" + csrf(login)).status());
        return browser;
    }

    private static String csrf(Browser.Page page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertTrue(matcher.find(), "a CSRF token in " + page.body());
        return URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8);
    }

    private static String field(Browser.Page page, String id) {
        Matcher matcher = Pattern.compile("<span id=" + id + ">([^<]*)</span>").matcher(page.body());
        assertTrue(matcher.find(), id + " in " + page.body());
        return matcher.group(1);
    }

    /** A client with a cookie jar, sending its requests to the two copies in turn, redirects not followed. */
    private static final class Browser {

        private final CookieManager cookies = new CookieManager();
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private int next;

        record Page(int status, String body, String servedBy, String location) {
        }

        Page get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(root().resolve(path)).GET());
        }

        Page post(String path, String form) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(root().resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        String cookies() {
            return cookies.getCookieStore().getCookies().toString();
        }

        private URI root() {
            return ROOTS.get(next++ % ROOTS.size());
        }

        private Page send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(),
                    response.headers().firstValue("X-Served-By").orElse("?"),
                    response.headers().firstValue("Location").orElse(""));
        }
    }
}
