package dev.portablesession.containers.login;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portablesession.containers.Node;
import dev.portablesession.containers.TestApp;
import dev.portablesession.jaspic.SharedFormLoginInitializer;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared container login with the filter's sessions by user ({@code principal=remote-user}):
 * the caller the module establishes is the user the filter files the session under, so an admin
 * page sees the sessions of a container login on every server, and "log out everywhere" ends it.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LoginBySessionsOfUserSuite {

    private final LoginContainerUnderTest container;
    private Node a;
    private Node b;

    protected LoginBySessionsOfUserSuite(LoginContainerUnderTest container) {
        this.container = container;
    }

    @BeforeAll
    void startTwoServers(RedisServer redis) throws Exception {
        a = container.start(deployment("a", redis));
        b = container.start(deployment("b", redis));
    }

    private static LoginDeployment deployment(String node, RedisServer redis) {
        return new LoginDeployment(Map.of(TestApp.NODE, node, TestApp.REDIS_URL, redis.uri(),
                "portablesession.namespace", "login-by-user", "portablesession.principal", "remote-user",
                "portablesession.login.page", LoginDeployment.LOGIN_PAGE,
                "portablesession.login.error-page", LoginDeployment.ERROR_PAGE),
                List.of(new SharedFormLoginInitializer()));
    }

    @AfterAll
    void stopServers() throws Exception {
        a.close();
        b.close();
    }

    private static void logIn(Browser browser) {
        browser.get("/secure/page");
        browser.follow(browser.post("/j_security_check", Map.of("j_username", "alice", "j_password", "wonderland")));
    }

    @Test
    void theContainersLoginIsFiledUnderItsUserAndLogOutEverywhereEndsItOnEveryServer() {
        Browser laptop = new Browser(a.root(), b.root());
        Browser phone = new Browser(b.root(), a.root());
        Browser admin = new Browser(a.root(), b.root());
        logIn(laptop);
        logIn(phone);
        assertEquals("/app/secure/page user=alice staff=true auth=FORM", laptop.get("/secure/page").body());
        assertEquals("/app/secure/page user=alice staff=true auth=FORM", phone.get("/secure/page").body());
        assertEquals("sessions=2", admin.get("/sessions-of?user=alice").body());

        Browser.Response logout = phone.get("/logout");
        assertEquals("logged-out user=null", logout.body());
        assertEquals("sessions=1", admin.get("/sessions-of?user=alice").body(), "request.logout() unfiles the session");

        assertEquals("ended=1", admin.get("/log-out-everywhere?user=alice").body());
        for (int i = 0; i < 2; i++) {
            Browser.Response out = laptop.get("/secure/page");
            assertEquals(302, out.status(), "logged out on both servers: " + out);
            assertEquals(LoginDeployment.LOGIN_PAGE, laptop.pathInApplication(out));
        }
        assertEquals("sessions=0", admin.get("/sessions-of?user=alice").body());
    }
}
