package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * encryption.key-file across two servers: values unreadable in Redis, a key rotated in the
 * documented steps (add everywhere, make current, retire) with every session kept that was used
 * meanwhile, and a value altered in Redis dropped by attribute.decode-failure without breaking the
 * session. No key appears in the log.
 */
@ExtendWith(RedisExtension.class)
class EncryptionIT {

    private static final String NAMESPACE = "it-encrypted";
    private static final String K1 = randomKey();
    private static final String K2 = randomKey();

    @TempDir
    Path dir;

    @RegisterExtension
    final LibraryLog log = new LibraryLog();

    @Test
    void keysRotateAcrossTwoServersWithoutLosingAUsedSession(RedisServer redis) throws IOException {
        Path keys = dir.resolve("session-keys");
        Browser alice;
        Browser bob;
        Files.write(keys, List.of("k1=" + K1));
        try (JettyNode a = node("a", redis, keys); JettyNode b = node("b", redis, keys); RespClient raw = RespClient.connectTo(redis)) {
            alice = new Browser(a.root(), b.root());
            bob = new Browser(a.root(), b.root());
            assertEquals("ok", alice.get("/s?op=set&name=user&value=alice-secret").body());
            assertEquals("alice-secret", alice.get("/s?op=get&name=user").body(), "read on the other server");
            assertEquals("ok", bob.get("/s?op=set&name=user&value=bob-secret").body());
            byte[] stored = raw.hgetall(RedisSessionStore.key(NAMESPACE, alice.cookie())).get("a:user");
            assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("alice"), "the value is not readable in Redis");
            assertEquals("k1", keyId(stored));
        }

        // Step 1, on every server: the new key is added, the old one still encrypts.
        Files.write(keys, List.of("k1=" + K1, "k2=" + K2));
        try (JettyNode a = node("a", redis, keys); JettyNode b = node("b", redis, keys)) {
            alice = carry(alice, a, b);
            assertEquals("alice-secret", alice.get("/s?op=get&name=user").body());
        }
        // Step 2, on every server: the new key becomes current; values used are written again under it.
        Files.write(keys, List.of("k2=" + K2, "k1=" + K1));
        try (JettyNode a = node("a", redis, keys); JettyNode b = node("b", redis, keys); RespClient raw = RespClient.connectTo(redis)) {
            alice = carry(alice, a, b);
            assertEquals("alice-secret", alice.get("/s?op=get&name=user").body());
            assertEquals("k2", keyId(raw.hgetall(RedisSessionStore.key(NAMESPACE, alice.cookie())).get("a:user")),
                    "read under k1, written again under k2");
            assertEquals("k1", keyId(raw.hgetall(RedisSessionStore.key(NAMESPACE, bob.cookie())).get("a:user")),
                    "bob has not been back");
        }
        // Step 3: the old key retired. Alice keeps her value; bob's, never used meanwhile, no longer decodes.
        Files.write(keys, List.of("k2=" + K2));
        try (JettyNode a = node("a", redis, keys); JettyNode b = node("b", redis, keys)) {
            alice = carry(alice, a, b);
            bob = carry(bob, a, b);
            assertEquals("alice-secret", alice.get("/s?op=get&name=user").body());
            Browser.Response lost = bob.get("/s?op=get&name=user");
            assertEquals(200, lost.status());
            assertEquals("null", lost.body(), "attribute.decode-failure=drop");
            assertEquals("ok", bob.get("/s?op=set&name=user&value=bob-again").body());
            assertEquals("bob-again", bob.get("/s?op=get&name=user").body());
        }
        assertTrue(log.messages().stream().anyMatch(m -> m.contains("encrypted under key \"k1\", which encryption.key-file no longer lists")),
                log.messages().toString());
        assertNoKeyLogged();
    }

    @Test
    void aValueAlteredInRedisIsDroppedAndTheSessionWorks(RedisServer redis) throws IOException {
        Path keys = dir.resolve("keys");
        Files.write(keys, List.of("k1=" + K1));
        try (JettyNode a = node("a", redis, keys); JettyNode b = node("b", redis, keys); RespClient raw = RespClient.connectTo(redis)) {
            Browser user = new Browser(a.root(), b.root());
            user.get("/s?op=set&name=role&value=user");
            user.get("/s?op=set&name=name&value=carol");
            String key = RedisSessionStore.key(NAMESPACE, user.cookie());
            byte[] role = raw.hgetall(key).get("a:role");
            role[role.length - 1] ^= 1;
            raw.command("HSET".getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8),
                    "a:role".getBytes(StandardCharsets.UTF_8), role);
            raw.command("HSET", key, "a:name", "\"admin\"");

            assertEquals("null", user.get("/s?op=get&name=role").body(), "altered: fails authentication");
            assertEquals("null", user.get("/s?op=get&name=name").body(), "plaintext written into Redis: refused");
            assertEquals("ok", user.get("/s?op=set&name=role&value=user").body());
            assertEquals("user", user.get("/s?op=get&name=role").body());
        }
        assertTrue(log.messages().stream().anyMatch(m -> m.contains("fails authentication")), log.messages().toString());
        assertTrue(log.messages().stream().anyMatch(m -> m.contains("is not encrypted")), log.messages().toString());
        assertNoKeyLogged();
    }

    @Test
    void aBadKeyFileStopsTheFilterNamingTheLineNotTheKey(RedisServer redis) throws IOException {
        Path keys = dir.resolve("short-keys");
        String shortKey = Base64.getEncoder().encodeToString(new byte[20]);
        Files.write(keys, List.of("k1=" + shortKey));
        String message = org.junit.jupiter.api.Assertions.assertThrows(dev.portablesession.InvalidSettingException.class,
                () -> RedisSessionFilter.builder().redisUrl(redis.uri()).encryptionKeyFile(keys).build()).getMessage();
        assertTrue(message.contains("line 1 of " + keys + ": the key of \"k1\" is 160 bits"), message);
        assertFalse(message.contains(shortKey), message);
    }

    private JettyNode node(String name, RedisServer redis, Path keys) {
        return JettyNode.start(name, RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(NAMESPACE)
                .encryptionKeyFile(keys).build());
    }

    /** The same browser (its cookie) against restarted servers. */
    private static Browser carry(Browser browser, JettyNode a, JettyNode b) {
        Browser next = new Browser(a.root(), b.root());
        next.cookie(browser.cookie());
        return next;
    }

    private void assertNoKeyLogged() {
        for (String message : log.messages()) {
            assertFalse(message.contains(K1) || message.contains(K2), "a key in the log: " + message);
        }
    }

    private static String keyId(byte[] stored) {
        return new String(stored, 2, stored[1], StandardCharsets.US_ASCII);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
