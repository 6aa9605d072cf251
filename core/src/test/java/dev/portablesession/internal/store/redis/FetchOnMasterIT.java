package dev.portablesession.internal.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.ExpiryIndex;
import dev.portablesession.testing.RedisSentinelSet;
import dev.portablesession.testing.RespClient;
import dev.portablesession.testing.SpawnedRedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

/**
 * The fetch of a deferred attribute is a plain HGET, yet it reads the master through an
 * application's own Redisson client that sends reads to replicas: a replica may not have what a
 * request saved a moment ago. Real master and replica; the replica is made writable and given a
 * different value, so a read that reached it would show.
 */
class FetchOnMasterIT {

    private static final String NAMESPACE = "it-fetch-master";
    private static RedisSentinelSet servers;
    private static RedissonClient readsFromReplica;
    private static RedisSessionStore store;

    @BeforeAll
    static void start() {
        servers = RedisSentinelSet.start();
        SpawnedRedisServer master = servers.master();
        SpawnedRedisServer replica = servers.replica();
        Config config = new Config();
        // Redisson's default codec needs Kryo, which the library leaves out.
        config.setCodec(ByteArrayCodec.INSTANCE);
        config.useMasterSlaveServers()
                .setMasterAddress(master.address())
                .addSlaveAddress(replica.address())
                .setReadMode(ReadMode.SLAVE);
        readsFromReplica = Redisson.create(config);
        Settings settings = Settings.load(SettingSources.builder().programmatic(Map.of("attribute.lazy-above", "1KiB")));
        store = RedisConnections.open(settings, NAMESPACE, ExpiryIndex.kept(Duration.ofSeconds(3)), readsFromReplica);
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (readsFromReplica != null) {
            readsFromReplica.shutdown();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void aDeferredAttributeIsFetchedFromTheMasterThoughTheClientReadsReplicas() {
        long now = System.currentTimeMillis();
        String id = "FetchOnMasterSession0123456789abcdefghijk";
        byte[] cart = "c".repeat(5_000).getBytes(StandardCharsets.UTF_8);
        store.create(new StoredSession(id, now, now, 600, Map.of("cart", cart), null));
        String key = RedisSessionStore.key(NAMESPACE, id);
        RespClient master = servers.master().client();
        assertEquals(1L, master.command("WAIT", "1", "5000"), "the replica has the session");
        RespClient replica = servers.replica().client();
        replica.command("CONFIG", "SET", "replica-read-only", "no");
        replica.command("HSET", key, "a:cart", "stale");
        byte[] plainRead = readsFromReplica.<byte[], byte[]>getMap(key, ByteArrayCodec.INSTANCE)
                .get("a:cart".getBytes(StandardCharsets.UTF_8));
        assertEquals("stale", new String(plainRead, StandardCharsets.UTF_8),
                "the client's own plain reads go to the replica (else this test shows nothing)");

        assertEquals(Map.of("cart", cart.length), store.load(id, now + 1).orElseThrow().deferred());
        assertArrayEquals(cart, store.attribute(id, "cart").orElseThrow(), "the master's value");
        assertEquals(Optional.empty(), store.attribute(id, "none"));
    }
}
