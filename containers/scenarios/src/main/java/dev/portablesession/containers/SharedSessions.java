package dev.portablesession.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisServer;
import java.util.Locale;
import java.util.function.Function;

/** The check every registration style must pass, on two servers of one container. */
final class SharedSessions {

    /** What the check saw, for style-specific assertions. */
    record Seen(String sessionCookie, String info) {
    }

    private SharedSessions() {
    }

    /**
     * Starts two servers with the deployment {@code deployment.apply(nodeName)}, creates a session
     * on one and reads it on the other; the session is in Redis under {@code namespace}, the
     * application's own filter sees it, and the container never made a session of its own.
     */
    static Seen check(ContainerUnderTest container, RedisServer redis, String namespace, Function<String, Deployment> deployment)
            throws Exception {
        try (Node a = container.start(deployment.apply("a")); Node b = container.start(deployment.apply("b"))) {
            Browser browser = new Browser(a.root(), b.root());
            Browser.Response created = browser.get("/s?op=set&name=user&value=ann");
            assertEquals("a", created.servedBy());
            String cookie = created.sessionCookie();
            assertNotNull(cookie, "the session filter answers: " + created.setCookies());
            assertTrue(cookie.startsWith("SESSION=" + browser.cookie() + "; Path=/app; "), cookie);

            Browser.Response read = browser.get("/s?op=info");
            assertEquals("b", read.servedBy());
            assertTrue(read.body().endsWith(";names=user"), read.body());
            assertEquals(browser.cookie(), read.header(FirstInChainProbe.HEADER),
                    "the application's filter runs after the session filter and sees its session");
            assertTrue(redis.client().exists(RedisSessionStore.key(namespace, browser.cookie())), "stored under namespace " + namespace);
            for (String header : browser.setCookieHeaders()) {
                assertFalse(header.toUpperCase(Locale.ROOT).startsWith("JSESSIONID="), "a container session: " + header);
            }
            return new Seen(cookie, read.body());
        }
    }
}
