package dev.portablesession.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.RedisSessionInitializer;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.ServletContainerInitializer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registration styles of an embedded server, where the application is put together in code:
 * the container's own API, {@code ServletContext.addFilter} from a listener, and the library's
 * initializer found through {@code META-INF/services} as a container finds it. In each, the
 * application's own filter is declared with the container's API and must run after ours.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EmbeddedRegistrationSuite {

    private final ContainerUnderTest container;
    private RedisServer redis;

    protected EmbeddedRegistrationSuite(ContainerUnderTest container) {
        this.container = container;
    }

    @BeforeAll
    void redis(RedisServer server) {
        redis = server;
    }

    @Test
    void containersOwnApi() throws Exception {
        SharedSessions.check(container, redis, "reg-native", node -> new Deployment.Embedded(params(node, "reg-native"),
                RedisSessionFilter.builder().redisUrl(redis.uri()).build(), List.of()));
    }

    @Test
    void servletContextAddFilterFromAListener() throws Exception {
        SharedSessions.check(container, redis, "reg-listener", node -> new Deployment.Embedded(
                with(params(node, "reg-listener"), TestApp.REGISTRATION, "listener", TestApp.REDIS_URL, redis.uri()), null, List.of()));
    }

    @Test
    void initializerWithOneContextParam() throws Exception {
        try (LibraryLog log = LibraryLog.capture()) {
            SharedSessions.check(container, redis, "reg-initializer", node -> new Deployment.Embedded(
                    with(params(node, "reg-initializer"), "portablesession.redis.url", redis.uri()), null, discoveredInitializer()));
            assertEquals(2, log.containing("registered RedisSessionFilter in context /app because the context-param"
                    + " portablesession.redis.url is set").size(), "once per server");
        }
    }

    @Test
    void initializerLeavesAFilterRegisteredWithTheContainersApiAlone() throws Exception {
        try (LibraryLog log = LibraryLog.capture()) {
            SharedSessions.check(container, redis, "reg-both", node -> new Deployment.Embedded(
                    with(params(node, "reg-both"), "portablesession.redis.url", redis.uri()),
                    RedisSessionFilter.builder().build(), discoveredInitializer()));
            assertEquals(2, log.containing("RedisSessionFilter is registered as \"session\" in context /app").size());
            assertEquals(List.of(), log.containing("registered twice"));
        }
    }

    @Test
    void filterRegisteredTwiceWrapsOnceAndWarnsOnce() throws Exception {
        Deployment twice = new Deployment.Embedded(with(params("twice", "reg-twice"), TestApp.REGISTRATION, "listener",
                TestApp.REDIS_URL, redis.uri()), RedisSessionFilter.builder().redisUrl(redis.uri()).build(), List.of());
        try (LibraryLog log = LibraryLog.capture(); Node node = container.start(twice)) {
            Browser browser = new Browser(node.root());
            browser.get("/s?op=set&name=user&value=tom");
            assertEquals("tom", browser.get("/forward?op=get&name=user").body());
            assertEquals("error-page status=404 id=" + browser.cookie() + " user=tom before-error=null", browser.get("/nowhere").body());
            assertEquals(1, browser.setCookieHeaders().size(), "one cookie, from one wrapping: " + browser.setCookieHeaders());
            assertEquals(1, log.containing("registered twice").size(), "one warning");
        }
    }

    /** The library's initializer, found the way containers find initializers. */
    private static List<ServletContainerInitializer> discoveredInitializer() {
        List<ServletContainerInitializer> found = ServiceLoader.load(ServletContainerInitializer.class).stream()
                .map(ServiceLoader.Provider::get).filter(RedisSessionInitializer.class::isInstance).toList();
        assertEquals(1, found.size(), "META-INF/services names the initializer once");
        return found;
    }

    private static Map<String, String> params(String node, String namespace) {
        return Map.of(TestApp.NODE, node, "portablesession.namespace", namespace);
    }

    private static Map<String, String> with(Map<String, String> params, String... more) {
        Map<String, String> all = new HashMap<>(params);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }
}
