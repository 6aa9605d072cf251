package dev.portablesession.containers.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.portablesession.containers.Node;
import dev.portablesession.containers.TestApp;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The module as a user adds it: the jar beside the application, found by the container, and an
 * unchanged {@code web.xml} whose FORM {@code <login-config>} gives the pages. Two servers.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DroppedInFormLoginSuite {

    private final LoginContainerUnderTest container;
    private Node a;
    private Node b;

    protected DroppedInFormLoginSuite(LoginContainerUnderTest container) {
        this.container = container;
    }

    @BeforeAll
    void startTwoServers(RedisServer redis) throws Exception {
        a = container.start(LoginDeployment.webApp(Map.of(TestApp.NODE, "a", TestApp.REDIS_URL, redis.uri(),
                "portablesession.namespace", "dropped-in-login")));
        b = container.start(LoginDeployment.webApp(Map.of(TestApp.NODE, "b", TestApp.REDIS_URL, redis.uri(),
                "portablesession.namespace", "dropped-in-login")));
    }

    @AfterAll
    void stopServers() throws Exception {
        a.close();
        b.close();
    }

    @Test
    void theLoginOfWebXmlIsSharedAndSoIsTheLogout() {
        Browser browser = new Browser(a.root(), b.root());
        Browser.Response challenge = browser.get("/secure/page?item=1"); // a
        assertEquals(LoginDeployment.LOGIN_PAGE, browser.pathInApplication(challenge), "web.xml's login page");
        Browser.Response refused = browser.post("/j_security_check", Map.of("j_username", "alice", "j_password", "wrong")); // b
        assertEquals(LoginDeployment.ERROR_PAGE, browser.pathInApplication(refused), "web.xml's error page");
        Browser.Response login = browser.post("/j_security_check", Map.of("j_username", "alice", "j_password", "wonderland")); // a
        assertEquals("/secure/page?item=1", browser.pathInApplication(login));
        assertEquals("/app/secure/page?item=1 user=alice staff=true auth=FORM", browser.follow(login).body()); // b
        assertEquals("logged-out user=null", browser.get("/logout").body()); // a
        assertEquals(LoginDeployment.LOGIN_PAGE, browser.pathInApplication(browser.get("/secure/page"))); // b
        for (String header : browser.setCookieHeaders()) {
            assertFalse(header.toUpperCase(Locale.ROOT).startsWith("JSESSIONID="), container.name() + ": " + header);
        }
    }
}
