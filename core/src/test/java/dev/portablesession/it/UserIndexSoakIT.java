package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.RespClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The user index never leaks, on one Redis: {@link UserIndexSoak} for {@code -Dsoak.users.duration}
 * (default 15 s) with 8 clients on two servers. The same walk runs on a cluster in
 * {@link ClusterIT}.
 */
@ExtendWith(RedisExtension.class)
class UserIndexSoakIT {

    private static final String NAMESPACE = "it-user-soak";
    private static final long IDLE_MILLIS = 2_000;

    @Test
    void noIndexEntryPointsAtNoSessionAndNoSessionIsMissingFromItsUsersIndex(RedisServer redis) throws Exception {
        Duration duration = Duration.parse("PT" + System.getProperty("soak.users.duration", "15s").toUpperCase());
        Map<String, String> settings = UserIndexSoak.settings(NAMESPACE, IDLE_MILLIS);
        settings.put("redis.url", redis.uri());
        try (JettyNode a = JettyNode.startWithInitParams("a", settings);
                JettyNode b = JettyNode.startWithInitParams("b", settings);
                RespClient client = RespClient.connectTo(redis)) {
            UserIndexSoak.Report report = UserIndexSoak.run(a.root(), b.root(), List.of(client), NAMESPACE, 8, duration,
                    IDLE_MILLIS);
            System.out.println("user index soak on one Redis, " + duration.toSeconds() + " s: " + report);
            assertEquals(0, report.danglingEntries(), report.toString());
            assertEquals(0, report.unindexedSessions(), report.toString());
            assertEquals(0, report.keysLeft(), report.toString());
        }
    }
}
