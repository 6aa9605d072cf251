package dev.portablesession.containers.jetty;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.containers.TestApp;
import dev.portablesession.containers.login.LoginDeployment;
import dev.portablesession.jaspic.SharedFormLoginInitializer;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jetty without {@code jetty-ee11-jaspi} has no Jakarta Authentication: an application with a
 * FORM login and the module does not start, with a message that names what is missing, rather
 * than run with a login that holds on one server only.
 */
@ExtendWith(RedisExtension.class)
class JettyWithoutJakartaAuthenticationIT {

    @Test
    void theApplicationDoesNotStartAndTheMessageSaysWhy(RedisServer redis) {
        LoginDeployment deployment = new LoginDeployment(Map.of(TestApp.NODE, "a", TestApp.REDIS_URL, redis.uri(),
                "portablesession.login.page", LoginDeployment.LOGIN_PAGE,
                "portablesession.login.error-page", LoginDeployment.ERROR_PAGE),
                List.of(new SharedFormLoginInitializer()));
        Exception refused = assertThrows(Exception.class, () -> new EmbeddedJettyLogin().start(deployment).close());
        String messages = causes(refused);
        assertTrue(messages.contains("has no Jakarta Authentication API (jakarta.security.auth.message)")
                && messages.contains("docs/container-login.md"), messages);
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
