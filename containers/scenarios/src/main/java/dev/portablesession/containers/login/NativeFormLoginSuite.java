package dev.portablesession.containers.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.containers.Node;
import dev.portablesession.containers.TestApp;
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
 * The baseline: the same application and session filter without portable-session-jaspic. The
 * container keeps its FORM login in a session of its own ({@code JSESSIONID}), which the filter
 * does not share, so the login holds on the server where it happened and nowhere else: the
 * problem {@link SharedFormLoginSuite} shows solved.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class NativeFormLoginSuite {

    private final LoginContainerUnderTest container;
    private Node a;
    private Node b;

    protected NativeFormLoginSuite(LoginContainerUnderTest container) {
        this.container = container;
    }

    @BeforeAll
    void startTwoServers(RedisServer redis) throws Exception {
        a = container.start(deployment("a", redis));
        b = container.start(deployment("b", redis));
    }

    private static LoginDeployment deployment(String node, RedisServer redis) {
        return new LoginDeployment(Map.of(TestApp.NODE, node, TestApp.REDIS_URL, redis.uri(),
                "portablesession.namespace", "native-login"), List.of());
    }

    @AfterAll
    void stopServers() throws Exception {
        a.close();
        b.close();
    }

    /** The container's login page: forwarded to (Tomcat) or redirected to (Jetty's default). */
    private static Browser.Response loginPageOrRedirect(Browser browser, Browser.Response response) {
        return response.status() == 302 || response.status() == 303 ? browser.follow(response) : response;
    }

    @Test
    void theContainersLoginHoldsOnItsServerOnlyAndTheOtherShowsTheLoginPage() {
        Browser onA = new Browser(a.root());
        assertEquals("login-page", loginPageOrRedirect(onA, onA.get("/secure/page?item=42")).body());
        Browser.Response login = onA.post("/j_security_check", Map.of("j_username", "alice", "j_password", "wonderland"));
        assertTrue(login.status() == 302 || login.status() == 303, login.toString());
        assertEquals("/app/secure/page?item=42 user=alice staff=true auth=FORM", onA.follow(login).body(),
                "the login works where it happened");
        assertTrue(onA.cookies().containsKey("JSESSIONID"), "in the container's own session: " + onA.cookies());

        Browser onB = onA.at(b.root());
        Browser.Response other = onB.get("/secure/page?item=42");
        assertEquals("login-page", loginPageOrRedirect(onB, other).body(),
                container.name() + " without the module: the other server does not know the login");
    }
}
