package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.ExpiryEvents;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Jetty servers with {@code expiry.events=on}: a session left idle past its interval is
 * unbound once, on one of them, with no request, and is gone for the next request.
 */
@ExtendWith(RedisExtension.class)
class ExpiryIT {

    /** Unbinding events, from both servers (one JVM). */
    static final Queue<String> UNBOUND = new ConcurrentLinkedQueue<>();

    /** A session value that hears its unbinding; a plain bean, so the JSON codec stores it. */
    public static final class Watcher implements HttpSessionBindingListener {
        public String owner;

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            UNBOUND.add(owner + " " + event.getSession().getId().equals(owner));
        }
    }

    /** Binds a watcher that knows its session's id. */
    public static final class Bind extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Watcher watcher = new Watcher();
            watcher.owner = request.getSession().getId();
            request.getSession().setAttribute("watcher", watcher);
            response.getWriter().write("bound");
        }
    }

    private static JettyNode node(String name, RedisServer redis) {
        RedisSessionFilter filter = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-expiry")
                .maxInactiveInterval(Duration.ofSeconds(1)).expiryEvents(ExpiryEvents.ON)
                .codecAllow("dev.portablesession.it.*").build();
        return JettyNode.start(name, new FilterHolder(filter), Map.of("/bind", new Bind()));
    }

    @Test
    void anIdleSessionIsUnboundOnceAcrossServersAndGoneAfterwards(RedisServer redis) throws InterruptedException {
        try (JettyNode a = node("a", redis); JettyNode b = node("b", redis)) {
            List<Browser> browsers = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Browser browser = new Browser(a.root(), b.root());
                browser.get("/bind");
                browsers.add(browser);
                expected.add(browser.cookie() + " true");
            }
            long end = System.currentTimeMillis() + 8_000;
            while (UNBOUND.size() < expected.size() && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            Thread.sleep(1_500);
            assertEquals(new HashSet<>(expected), new HashSet<>(UNBOUND), "each session unbound, from its own session");
            assertEquals(expected.size(), UNBOUND.size(), "once each, across both servers");
            for (Browser browser : browsers) {
                assertEquals("no-session", browser.get("/s?op=info").body());
            }
            assertTrue(redis.client().keys("it-expiry:*").isEmpty(), "nothing left in Redis");
        }
    }
}
