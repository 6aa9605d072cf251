package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.CookieSecure;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.TestCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session cookie over real HTTPS: Jetty with a TLS connector and a certificate made for the
 * run, a client that trusts only that certificate and checks the host name. {@code cookie.secure}
 * defaults to {@code auto}, which must mark the cookie {@code Secure} exactly when the request came
 * over TLS.
 */
@ExtendWith(RedisExtension.class)
class HttpsIT {

    @TempDir
    static Path dir;
    private static TestCertificate certificate;
    private static HttpClient client;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificate.create(dir, "https-it-trust");
        client = HttpClient.newBuilder().sslContext(certificate.clientContext())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void autoMarksTheCookieSecureOverHttpsAndNotOverPlainHttp(RedisServer redis) throws Exception {
        try (JettyNode node = JettyNode.startWithHttps("a", filter(redis).build(), certificate)) {
            HttpResponse<String> secure = get(node.httpsUri("/s?op=set&name=user&value=alice"), null);
            assertEquals(200, secure.statusCode());
            String header = sessionCookie(secure);
            assertTrue(header.contains("; Secure"), "HTTPS gets a Secure cookie: " + header);

            HttpResponse<String> plain = get(node.uri("/s?op=set&name=user&value=bob"), null);
            String plainHeader = sessionCookie(plain);
            assertFalse(plainHeader.contains("Secure"), "plain HTTP gets none: " + plainHeader);

            assertEquals("alice", get(node.httpsUri("/s?op=get&name=user"), value(header)).body(),
                    "the session started over HTTPS is read over HTTPS");
        }
    }

    @Test
    void anotherNodeReadsOverHttpsWhatTheFirstWrote(RedisServer redis) throws Exception {
        try (JettyNode a = JettyNode.startWithHttps("a", filter(redis).build(), certificate);
                JettyNode b = JettyNode.startWithHttps("b", filter(redis).build(), certificate)) {
            String cookie = value(sessionCookie(get(a.httpsUri("/s?op=set&name=cart&value=3-items"), null)));
            HttpResponse<String> read = get(b.httpsUri("/s?op=get&name=cart"), cookie);
            assertEquals("3-items", read.body());
            assertEquals("b", read.headers().firstValue("X-Served-By").orElse(null));
        }
    }

    @Test
    void cookieSecureFalseLeavesItOffEvenOverHttps(RedisServer redis) throws Exception {
        try (JettyNode node = JettyNode.startWithHttps("a", filter(redis).cookieSecure(CookieSecure.NEVER).build(), certificate)) {
            String header = sessionCookie(get(node.httpsUri("/s?op=create"), null));
            assertFalse(header.contains("Secure"), "cookie.secure=false: " + header);
        }
    }

    private static RedisSessionFilter.Builder filter(RedisServer redis) {
        return RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("https-it");
    }

    private static HttpResponse<String> get(URI uri, String sessionCookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (sessionCookie != null) {
            request.header("Cookie", "SESSION=" + sessionCookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<String> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("SESSION=")).toList();
        assertEquals(1, cookies.size(), "one session cookie: " + response.headers().allValues("Set-Cookie"));
        return cookies.get(0);
    }

    private static String value(String setCookie) {
        int end = setCookie.indexOf(';');
        return setCookie.substring("SESSION=".length(), end < 0 ? setCookie.length() : end);
    }
}
