package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.CountingRedisProxy;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code attribute.lazy-above} (default 16 KiB) over real HTTP on two servers, counted at a proxy
 * in front of Redis: a request that reads only the small attributes of a session holding a 50 KB
 * cart moves a few hundred bytes, not the cart, in the one load; reading the cart costs one more
 * round trip; changing it in place, removing it, replacing it and invalidating the session all
 * behave as if it had been loaded with the session.
 */
@ExtendWith(RedisExtension.class)
class LazyAttributesIT {

    private static CountingRedisProxy proxy;
    private static JettyNode a;
    private static JettyNode b;
    private static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());
    private Browser browser;

    @BeforeAll
    static void start(RedisServer redis) {
        proxy = CountingRedisProxy.start(redis);
        a = node("a");
        b = node("b");
    }

    private static JettyNode node(String name) {
        RedisSessionFilter filter = RedisSessionFilter.builder().redisUrl(proxy.uri()).namespace("it-lazy")
                .sessionListener(new Removals()).build();
        return JettyNode.start(name, new FilterHolder(filter), Map.of("/cart", new CartServlet()));
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        proxy.close();
    }

    @BeforeEach
    void sessionWithACart() {
        browser = new Browser(a.root(), b.root());
        assertEquals("ok", browser.get("/s?op=set&name=user&value=alice").body());
        assertEquals("50000", browser.get("/cart?op=fill").body());
        // Every script Redis runs below is in its cache by now, whichever test comes first: a cold
        // one would be counted as its EVALSHA, EVAL and SCRIPT LOAD.
        assertEquals("50000", browser.get("/cart?op=size").body());
        EVENTS.clear();
    }

    @Test
    void readingASmallAttributeDoesNotMoveTheCart() {
        Map<String, Long> commands = commandsOf(() -> browser.get("/s?op=get&name=user"), "alice");
        assertEquals(Map.of("EVALSHA", 1L), commands);
        long bytes = proxy.bytesFromRedis();
        assertTrue(bytes < 3_000, "the load without the 50 KB cart: " + bytes + " bytes from Redis");
        assertEquals(Map.of("EVALSHA", 1L), commandsOf(() -> browser.get("/cart?op=names"), "cart,user"),
                "its name is known without fetching it");
    }

    @Test
    void readingTheCartFetchesItWithOneMoreRoundTrip() {
        Map<String, Long> commands = commandsOf(() -> browser.get("/cart?op=size"), "50000");
        assertEquals(Map.of("EVALSHA", 2L, "HGET", 1L), commands,
                "the load, then the fetch: its check (a script: it sends the batch to the master) and an HGET in one batch");
        assertTrue(proxy.bytesFromRedis() > 50_000, "the cart came: " + proxy.bytesFromRedis());
        assertEquals(Map.of("EVALSHA", 2L, "HGET", 1L), commandsOf(() -> browser.get("/cart?op=size-twice"), "50000"),
                "fetched once per request however often it is read");
    }

    @Test
    void aCartChangedInPlaceAfterItsFetchIsSavedAndReadOnTheOtherServer() {
        assertEquals(Map.of("EVALSHA", 3L, "HGET", 1L), commandsOf(() -> browser.get("/cart?op=add"), "50001"),
                "load, fetch, save");
        assertEquals("50001", browser.get("/cart?op=size").body());
        assertEquals("50001", browser.get("/cart?op=size").body());
    }

    @Test
    void removingOrReplacingAnUnreadCartIsWrittenAndToldWithItsValue() {
        assertEquals("removed", browser.get("/cart?op=remove").body());
        assertEquals(List.of("removed cart 50000"), EVENTS, "the listener got the value the store held");
        assertEquals("none", browser.get("/cart?op=size").body(), "gone on the other server");
        assertEquals("none", browser.get("/cart?op=size").body());

        assertEquals("50000", browser.get("/cart?op=fill").body());
        EVENTS.clear();
        assertEquals("replaced", browser.get("/cart?op=replace").body());
        assertEquals(List.of("replaced cart 50000"), EVENTS);
        assertEquals("1", browser.get("/cart?op=size").body());
    }

    @Test
    void invalidatingTellsTheListenersTheCartAndACartRemovedMeanwhileReadsAsAbsent() {
        browser.get("/s?op=invalidate");
        assertTrue(EVENTS.contains("removed cart 50000"), EVENTS.toString());

        sessionWithACart();
        // One request loads the session (the cart deferred), another removes the cart, then the first reads it.
        assertEquals("none", browser.get("/cart?op=size-after-removal-elsewhere&other=" + b.root().getPort()).body());
        assertEquals(List.of("removed cart 50000"), EVENTS, "only the other request's removal was told");
        assertEquals("alice", browser.get("/s?op=get&name=user").body(), "the rest of the session is there");
        assertEquals("none", browser.get("/cart?op=size").body(), "nothing brought the cart back");
        assertEquals("user", browser.get("/cart?op=names").body());
    }

    private Map<String, Long> commandsOf(Supplier<Browser.Response> request, String expectedBody) {
        proxy.awaitQuiet(Duration.ofMillis(30));
        proxy.reset();
        Browser.Response response = request.get();
        assertEquals(expectedBody, response.body(), response.toString());
        proxy.awaitQuiet(Duration.ofMillis(50));
        Map<String, Long> commands = new HashMap<>(proxy.commands());
        commands.keySet().removeAll(CountingRedisProxy.CONNECTION_COMMANDS);
        return commands;
    }

    /** The cart: a list of 1,000 strings of 50 characters, 50,000 characters of content. */
    static final class CartServlet extends HttpServlet {
        @Override
        @SuppressWarnings("unchecked")
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            String answer;
            switch (request.getParameter("op")) {
                case "fill" -> {
                    List<String> cart = new ArrayList<>();
                    for (int i = 0; i < 1_000; i++) {
                        cart.add(String.format("%050d", i));
                    }
                    session.setAttribute("cart", cart);
                    answer = Integer.toString(length(cart));
                }
                case "size" -> answer = size(session.getAttribute("cart"));
                case "size-twice" -> {
                    session.getAttribute("cart");
                    answer = size(session.getAttribute("cart"));
                }
                case "add" -> {
                    List<String> cart = (List<String>) session.getAttribute("cart");
                    cart.add("x");
                    answer = Integer.toString(length(cart));
                }
                case "names" -> answer = String.join(",", new java.util.TreeSet<>(Collections.list(session.getAttributeNames())));
                case "remove" -> {
                    session.removeAttribute("cart");
                    answer = "removed";
                }
                case "replace" -> {
                    session.setAttribute("cart", List.of("x"));
                    answer = "replaced";
                }
                case "size-after-removal-elsewhere" -> {
                    session.getAttribute("user");
                    Browser other = new Browser(java.net.URI.create("http://127.0.0.1:" + request.getParameter("other") + "/"));
                    other.cookie(request.getSession().getId());
                    other.get("/cart?op=remove");
                    answer = size(session.getAttribute("cart"));
                }
                default -> answer = "unknown";
            }
            response.getWriter().write(answer);
        }

        private static int length(List<String> cart) {
            return cart.stream().mapToInt(String::length).sum();
        }

        private static String size(Object cart) {
            return cart == null ? "none" : Integer.toString(length((List<String>) cart));
        }
    }

    static final class Removals implements HttpSessionAttributeListener {
        @Override
        @SuppressWarnings("unchecked")
        public void attributeRemoved(HttpSessionBindingEvent event) {
            if (event.getName().equals("cart")) {
                EVENTS.add("removed cart " + CartServlet.length((List<String>) event.getValue()));
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public void attributeReplaced(HttpSessionBindingEvent event) {
            if (event.getName().equals("cart")) {
                EVENTS.add("replaced cart " + CartServlet.length((List<String>) event.getValue()));
            }
        }
    }
}
