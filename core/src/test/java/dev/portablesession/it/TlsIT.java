package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RespClient;
import dev.portablesession.testing.SpawnedRedisServer;
import dev.portablesession.testing.TestCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis over TLS, as managed Redis services offer it (port 6380, {@code rediss://}): a real
 * {@code redis-server} with TLS on its own port, its certificate made for this run with the JDK's
 * {@code keytool} ({@link TestCertificate}) and trusted by nobody but the Redisson file that names
 * it. The plain port stays open on loopback only for the test's own inspection.
 */
class TlsIT {

    private static final String PASSWORD = "tls-pa55-never-logged";
    private static final String TRUSTSTORE_PASSWORD = "trust-pa55-never-logged";
    private static final String NAMESPACE = "tls-it";

    @TempDir
    static Path dir;
    private static TestCertificate certificate;
    private static SpawnedRedisServer redis;
    private static int tlsPort;

    @RegisterExtension
    final LibraryLog log = new LibraryLog();

    @BeforeAll
    static void startRedisWithTls() throws Exception {
        certificate = TestCertificate.create(dir, TRUSTSTORE_PASSWORD);
        tlsPort = SpawnedRedisServer.freePort();
        redis = RedisExtension.startPrivate(Map.of("requirepass", PASSWORD, "tls-port", Integer.toString(tlsPort),
                "tls-cert-file", certificate.certificatePem().toString(), "tls-key-file", certificate.keyPem().toString(),
                "tls-ca-cert-file", certificate.certificatePem().toString(), "tls-auth-clients", "no"));
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void sessionsTravelOverTlsWithTheTruststoreOfARedissonFile() throws IOException {
        // The file of docs/configuration.md, with the secrets from system properties.
        Path file = dir.resolve("redisson.yaml");
        Files.writeString(file, """
                singleServerConfig:
                  address: "rediss://127.0.0.1:%d"
                sslTruststore: "%s"
                sslTruststorePassword: "${TLS_IT_TRUSTSTORE_PASSWORD}"
                password: "${TLS_IT_REDIS_PASSWORD}"
                """.formatted(tlsPort, certificate.trustStore().toUri()));
        System.setProperty("TLS_IT_TRUSTSTORE_PASSWORD", TRUSTSTORE_PASSWORD);
        System.setProperty("TLS_IT_REDIS_PASSWORD", PASSWORD);
        try (JettyNode a = JettyNode.start("a", RedisSessionFilter.builder().redisConfigFile(file).namespace(NAMESPACE).build());
                JettyNode b = JettyNode.start("b", RedisSessionFilter.builder().redisConfigFile(file).namespace(NAMESPACE).build())) {
            Browser browser = new Browser(a.root(), b.root());
            assertEquals("ok", browser.at(a.root()).get("/s?op=set&name=user&value=alice").body());
            assertEquals("alice", browser.at(b.root()).get("/s?op=get&name=user").body(), "the other node reads it over TLS");
            assertTrue(redis.client().exists(RedisSessionStore.key(NAMESPACE, browser.cookie())), "stored in this Redis");
            String clients = RespClient.text(redis.client().command("CLIENT", "LIST"));
            assertTrue(clients.contains("laddr=127.0.0.1:" + tlsPort + " "), "the nodes are connected to the TLS port: " + clients);
        } finally {
            System.clearProperty("TLS_IT_TRUSTSTORE_PASSWORD");
            System.clearProperty("TLS_IT_REDIS_PASSWORD");
        }
        assertNoSecretLogged();
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIs503NamingTheReasonWithoutThePassword() {
        // rediss:// checks the server against the JVM's default trust store, which does not know this certificate.
        String url = "rediss://:" + PASSWORD + "@127.0.0.1:" + tlsPort;
        try (JettyNode node = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(url).namespace(NAMESPACE)
                .redisConnectTimeout(Duration.ofSeconds(2)).build())) {
            Browser browser = new Browser(node.root());
            assertEquals("untouched", browser.get("/s?op=none").body(), "requests without a session are unaffected");
            Browser.Response refused = browser.get("/s?op=set&name=user&value=x");
            assertEquals(503, refused.status());
            assertFalse(refused.body().contains(PASSWORD), refused.body());
        }
        List<String> messages = log.messages();
        assertTrue(messages.stream().anyMatch(m -> m.contains("rediss://") && m.contains("127.0.0.1:" + tlsPort)
                        && (m.contains("certification path") || m.contains("PKIX") || m.contains("SSL"))),
                "a log line names the TLS target and the certificate problem: " + messages);
        assertNoSecretLogged();
    }

    @Test
    void aPlainConnectionToTheTlsPortIs503() {
        String url = "redis://:" + PASSWORD + "@127.0.0.1:" + tlsPort;
        try (JettyNode node = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(url).namespace(NAMESPACE)
                .redisConnectTimeout(Duration.ofSeconds(1)).redisTimeout(Duration.ofSeconds(1)).build())) {
            Browser.Response refused = new Browser(node.root()).get("/s?op=set&name=user&value=x");
            assertEquals(503, refused.status());
            assertFalse(refused.body().contains(PASSWORD), refused.body());
        }
        List<String> messages = log.messages();
        // Redisson's timeout message ends in command details that are cut off: the reason's parenthesis must stay closed.
        assertTrue(messages.stream().anyMatch(m -> m.contains("redis://:****@127.0.0.1:" + tlsPort + "/0 failed on")
                        && m.chars().filter(c -> c == '(').count() == m.chars().filter(c -> c == ')').count()),
                "a whole log line names the target, password masked: " + messages);
        assertNoSecretLogged();
    }

    private void assertNoSecretLogged() {
        for (String message : log.messages()) {
            assertFalse(message.contains(PASSWORD), "Redis password in a log line: " + message);
            assertFalse(message.contains(TRUSTSTORE_PASSWORD), "truststore password in a log line: " + message);
        }
    }
}
