package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.LockMode;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.RespClient;
import dev.portablesession.testing.SpawnedRedisServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A standalone Redis where the default user has a password of its own and the application logs in
 * as an ACL user allowed only its namespace's keys and the command categories a session store
 * needs, as a shared Redis is often set up. The user and password come in {@code redis.url}.
 */
class AclUserIT {

    private static final String NAMESPACE = "it-acl";
    private static final String USER = "session-app";
    private static final String PASSWORD = "acl-pa55-never-logged";
    /** Keys of the namespace only, no channels, and nothing outside reading, writing, scripting and connecting. */
    private static final String[] RULES = {"~" + NAMESPACE + ":*", "resetchannels", "-@all",
        "+@read", "+@write", "+@scripting", "+@connection"};

    private static SpawnedRedisServer redis;
    private static RedisServer asUser;

    @RegisterExtension
    final LibraryLog log = new LibraryLog();

    @BeforeAll
    static void startRedisWithAclUser() {
        redis = RedisExtension.startPrivate(Map.of("requirepass", "default-user-pa55"));
        asUser = redis.withUser(USER, PASSWORD, RULES);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void twoNodesShareASessionAsAnAclUserWithAPassword() throws Exception {
        assertTrue(asUser.uri().startsWith("redis://" + USER + ":"), "user and password in the URL");
        try (JettyNode a = JettyNode.start("a", filter(asUser.uri()));
                JettyNode b = JettyNode.start("b", filter(asUser.uri()))) {
            SharedSessionWalk.run(a, b);
            Browser browser = new Browser(a.root(), b.root());
            browser.get("/s?op=set&name=user&value=alice");
            assertEquals("alice", browser.get("/s?op=get&name=user").body());
            String clients = RespClient.text(redis.client().command("CLIENT", "LIST"));
            assertTrue(clients.contains(" user=" + USER + " "), "the nodes logged in as " + USER + ": " + clients);
        }
        log.messages().forEach(message -> assertFalse(message.contains(PASSWORD), message));
    }

    @Test
    void aWrongPasswordIs503WithoutThePassword() {
        String wrong = "redis://" + USER + ":wrong-pa55@" + redis.host() + ":" + redis.port();
        try (JettyNode node = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(wrong).namespace(NAMESPACE)
                .redisConnectTimeout(Duration.ofSeconds(1)).redisTimeout(Duration.ofSeconds(1)).build())) {
            long start = System.nanoTime();
            Browser.Response refused = new Browser(node.root()).get("/s?op=set&name=user&value=x");
            System.out.println("refused with a wrong password after " + (System.nanoTime() - start) / 1_000_000 + " ms");
            assertEquals(503, refused.status());
        }
        assertTrue(log.messages().stream().anyMatch(message -> message.contains(USER + ":****@")),
                "the log names the user, password masked: " + log.messages());
        log.messages().forEach(message -> assertFalse(message.contains("wrong-pa55"), message));
    }

    private static RedisSessionFilter filter(String url) {
        return RedisSessionFilter.builder().redisUrl(url).namespace(NAMESPACE).lockMode(LockMode.EXCLUSIVE).build();
    }
}
