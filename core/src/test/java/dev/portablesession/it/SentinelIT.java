package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisSentinelSet;
import dev.portablesession.testing.RespClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two nodes on a Redis Sentinel set (a master, a replica, three sentinels: real processes),
 * reached through {@code redis.config-file} naming only the sentinels.
 */
class SentinelIT {

    private static final String NAMESPACE = "it-sentinel";

    @TempDir
    static Path dir;
    private static RedisSentinelSet sentinels;

    @BeforeAll
    static void startSentinelSet() {
        sentinels = RedisSentinelSet.start();
    }

    @AfterAll
    static void stopSentinelSet() {
        if (sentinels != null) {
            sentinels.close();
        }
    }

    /** Through a Redisson file, as docs/configuration.md shows it, and through a {@code redis-sentinel://} URL. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redis.config-file", "redis.url"})
    void twoNodesShareASessionThroughTheSentinels(String configuredBy) throws Exception {
        String url = RedissonFiles.sentinelUrl(sentinels);
        Map<String, String> settings = Map.of(configuredBy, configuredBy.equals("redis.url") ? url
                        : RedissonFiles.sentinel(dir, sentinels).toString(),
                "namespace", NAMESPACE, "lock.mode", "exclusive");
        try (JettyNode a = JettyNode.startWithInitParams("a", settings);
                JettyNode b = JettyNode.startWithInitParams("b", settings)) {
            SharedSessionWalk.run(a, b);

            Browser kept = new Browser(a.root(), b.root());
            kept.get("/s?op=set&name=user&value=carol");
            RespClient master = sentinels.master().client();
            List<String> keys = master.keys(NAMESPACE + ":*").stream().filter(key -> key.contains(kept.cookie())).toList();
            assertFalse(keys.isEmpty(), "the session is on the master the sentinels name: " + master.keys(NAMESPACE + ":*"));
            // WAIT: the master's writes so far reached the replica, then the replica holds the session too.
            assertEquals(1L, master.command("WAIT", "1", "5000"), "the replica acknowledged the writes");
            RespClient replica = sentinels.replica().client();
            assertEquals(keys, replica.keys(NAMESPACE + ":*").stream().filter(key -> key.contains(kept.cookie())).toList(),
                    "replicated to the replica");
        }
    }
}
