package dev.portablesession.example.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The drop-in registration (the jar and one context-param, no filter in {@code web.xml}) on the
 * stock Jetty 12 distribution ({@code jetty-home}, unpacked by the build): with the modules
 * {@code http,ee10-deploy} alone Jetty runs no {@code ServletContainerInitializer}, and the
 * library's {@code web-fragment.xml} registers the filter and warns; with {@code ee10-annotations}
 * the initializer does it, silently. Either way the application's sessions are in Redis.
 */
@ExtendWith(RedisExtension.class)
class JettyHomeDropInIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String WARNING = "the container did not run RedisSessionInitializer";

    @Test
    void withoutTheAnnotationsModuleTheWebFragmentRegistersTheFilterAndSaysWhy(RedisServer redis) throws Exception {
        String log = deployAndCreateASession(redis, "http,ee10-deploy");
        assertTrue(log.contains(WARNING + " (a ServletContainerInitializer) for context /shop")
                && log.contains("enable the module ee10-annotations"), log);
    }

    @Test
    void withTheAnnotationsModuleTheInitializerRegistersTheFilter(RedisServer redis) throws Exception {
        String log = deployAndCreateASession(redis, "http,ee10-deploy,ee10-annotations");
        assertTrue(log.contains("registered RedisSessionFilter in context /shop because the context-param"
                + " portablesession.redis.url is set"), log);
        assertFalse(log.contains(WARNING), log);
    }

    /** Deploys the drop-in shop on a fresh jetty.base with {@code modules}, creates a session in Redis, returns the log. */
    private static String deployAndCreateASession(RedisServer redis, String modules) throws Exception {
        Path home = Path.of(requiredProperty("jetty.home"));
        Path war = Path.of(requiredProperty("shop.war"));
        Path base = Files.createTempDirectory(war.getParent(), "jetty-base-");
        run(home, base, Duration.ofSeconds(60), "--add-modules=" + modules);
        Path webapp = base.resolve("webapps").resolve("shop");
        unzip(war, webapp);
        Path webXml = webapp.resolve("WEB-INF").resolve("web.xml");
        Files.writeString(webXml, dropIn(Files.readString(webXml), redis.uri()));

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = base.resolve("jetty.log");
        Process jetty = new ProcessBuilder(java(), "-Xmx256m", "-jar", home.resolve("start.jar").toString(),
                "jetty.http.host=127.0.0.1", "jetty.http.port=" + port)
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!Files.readString(log).contains("Started oejs.Server")) {
                assertTrue(jetty.isAlive(), "Jetty exited: " + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "Jetty did not start within " + START_TIMEOUT + ": " + Files.readString(log));
                Thread.sleep(100);
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/shop/api/counter?name=n")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            List<String> cookies = response.headers().allValues("Set-Cookie");
            assertTrue(cookies.stream().anyMatch(c -> c.startsWith("SESSION=")), "the filter's cookie: " + cookies);
            assertTrue(cookies.stream().noneMatch(c -> c.startsWith("JSESSIONID=")), "a container session: " + cookies);
            String id = cookies.stream().filter(c -> c.startsWith("SESSION=")).findFirst().orElseThrow().split("[=;]")[1];
            assertTrue(redis.client().exists(RedisSessionStore.key("session:shop", id)), "in Redis");
            return Files.readString(log);
        } finally {
            jetty.destroy();
            if (!jetty.waitFor(30, TimeUnit.SECONDS)) {
                jetty.destroyForcibly().waitFor();
            }
        }
    }

    /** The shop's web.xml without its filter declaration, naming Redis by the one context-param instead. */
    private static String dropIn(String webXml, String redisUrl) {
        String out = webXml.replaceAll("(?s)\\s*<!-- Sessions in Redis.*?</filter>", "")
                .replaceAll("(?s)\\s*<filter-mapping>\\s*<filter-name>session</filter-name>.*?</filter-mapping>", "")
                .replace("metadata-complete=\"true\"", "metadata-complete=\"false\"")
                .replace("<display-name>", "<context-param><param-name>portablesession.redis.url</param-name><param-value>"
                        + redisUrl + "</param-value></context-param>\n  <display-name>");
        assertFalse(out.contains("RedisSessionFilter"), out);
        return out;
    }

    private static void run(Path home, Path base, Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", home.resolve("start.jar").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS), "start.jar " + args[0] + " did not finish");
        assertEquals(0, process.exitValue(), output);
    }

    private static void unzip(Path war, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(war); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path to = target.resolve(entry.getName()).normalize();
                if (!to.startsWith(target)) {
                    throw new IOException("entry outside the war: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(zip, to);
                }
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run this test with ./mvnw verify"
                    + " -pl wildfly-example -am, which unpacks jetty-home and sets it");
        }
        return value;
    }
}
