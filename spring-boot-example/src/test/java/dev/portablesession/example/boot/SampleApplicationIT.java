package dev.portablesession.example.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void aLoginOnOneCopyHoldsOnTheOtherAndTheSessionCountsOnBoth() {
        Browser browser = new Browser(ROOTS);
        Browser.Response login = browser.get("/login");
        assertEquals("left", login.servedBy());
        assertEquals(200, login.status(), login.body());

        Browser.Response loggedIn = browser.post("/login", Map.of("username", "alice", "password", "wonderland",
                "_csrf", csrf(login)));
        assertEquals("right", loggedIn.servedBy());
        assertEquals(302, loggedIn.status());
        assertEquals("/", URI.create(loggedIn.location()).getPath(), "to the page asked for");

        Browser.Response first = browser.get("/");
        Browser.Response second = browser.get("/");
        assertEquals(List.of("left", "right"), List.of(first.servedBy(), second.servedBy()));
        assertTrue(first.body().contains("Signed in as <b>alice</b>"), first.body());
        assertEquals("1", field(first, "visits"));
        assertEquals("2", field(second, "visits"), "the other copy saw the first visit");
        assertEquals("1", field(second, "sessions"), "the user's sessions, from either copy");

        Browser.Response out = browser.post("/logout", Map.of("_csrf", csrf(second)));
        assertEquals(302, out.status());
        Browser.Response after = browser.get("/");
        assertEquals(302, after.status(), "logged out on both copies");
        assertTrue(after.location().endsWith("/login"), after.location());
    }

    @Test
    void logOutEverywhereEndsTheUsersSessionsOnBothCopies() {
        Browser phone = loggedIn();
        Browser laptop = loggedIn();
        Browser.Response home = laptop.get("/");
        assertEquals("2", field(home, "sessions"), home.body());

        Browser.Response ended = laptop.post("/logout-everywhere", Map.of("_csrf", csrf(home)));
        assertEquals(200, ended.status(), ended.body());
        assertEquals("ended 2 session(s) of alice", ended.body());
        for (Browser browser : List.of(phone, laptop)) {
            for (int i = 0; i < 2; i++) {
                Browser.Response page = browser.get("/");
                assertEquals(302, page.status(), "on " + page.servedBy());
            }
        }
    }

    @Test
    void aWrongPasswordIsTheLoginPageAgainNotAnError() {
        Browser browser = new Browser(ROOTS);
        Browser.Response login = browser.get("/login");
        Browser.Response refused = browser.post("/login", Map.of("username", "alice", "password", "not it",
                "_csrf", csrf(login)));
        assertEquals(302, refused.status());
        assertTrue(refused.location().endsWith("/login?error"), refused.location());
        Browser.Response shown = browser.get("/login?error");
        assertEquals(200, shown.status());
        assertEquals(List.of(Browser.SESSION_COOKIE), List.copyOf(browser.cookies().keySet()), "only the filter's cookie");
    }

    private static Browser loggedIn() {
        Browser browser = new Browser(ROOTS);
        Browser.Response login = browser.get("/login");
        assertEquals(302, browser.post("/login", Map.of("username", "alice", "password", "wonderland", "_csrf", csrf(login)))
                .status());
        return browser;
    }

    private static String csrf(Browser.Response page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertTrue(matcher.find(), "a CSRF token in " + page.body());
        return matcher.group(1);
    }

    private static String field(Browser.Response page, String id) {
        Matcher matcher = Pattern.compile("<span id=" + id + ">([^<]*)</span>").matcher(page.body());
        assertTrue(matcher.find(), id + " in " + page.body());
        return matcher.group(1);
    }
}
