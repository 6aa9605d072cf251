package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.LockMode;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.CountingRedisProxy;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parallel requests on one session, spread over two servers: no lost updates on distinct
 * attributes, serialised requests in exclusive mode, in-place changes saved, invalidation never
 * undone, and a stalled lock holder never overwriting the next one.
 */
@ExtendWith(RedisExtension.class)
class ConcurrencyIT {

    private static final int CLIENTS = 16;
    private static final int INCREMENTS = 15;
    private static final String ALLOW = "dev.portablesession.it.*";

    private RedisServer redis;
    private final List<JettyNode> nodes = new ArrayList<>();
    private ExecutorService pool;

    @BeforeEach
    void start(RedisServer server) {
        redis = server;
        pool = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        nodes.forEach(JettyNode::close);
        nodes.clear();
    }

    private JettyNode[] twoNodes(String redisUrl, Consumer<RedisSessionFilter.Builder> settings) {
        for (String name : new String[] {"a", "b"}) {
            // Generous Redis timeouts: this test is about lost updates, and a CPU-starved CI machine
            // must not turn into request failures what is only slowness.
            RedisSessionFilter.Builder builder = RedisSessionFilter.builder().redisUrl(redisUrl)
                    .namespace("it-concurrency").codecAllow(ALLOW).redisTimeout(Duration.ofSeconds(10));
            settings.accept(builder);
            nodes.add(JettyNode.start(name, builder.build()));
        }
        return nodes.toArray(new JettyNode[0]);
    }

    /** Runs one task per client in parallel and returns their results. */
    private <T> List<T> parallel(int clients, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            futures.add(pool.submit(task.apply(i)));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    /** A browser on the shared session, starting on node {@code offset % 2}. */
    private Browser sharing(String cookie, JettyNode[] nodes, int offset) {
        Browser browser = new Browser(JettyNode.roots(offset % 2 == 0 ? nodes[0] : nodes[1], offset % 2 == 0 ? nodes[1] : nodes[0]));
        browser.cookie(cookie);
        return browser;
    }

    /** Creates the session the clients share with {@code firstRequest}, and returns its cookie. */
    private static String sessionVia(JettyNode[] ab, String firstRequest) {
        Browser owner = new Browser(JettyNode.roots(ab));
        owner.get(firstRequest);
        return owner.cookie();
    }

    /** Sends a slow request on the session to the first server, and gives it time to load the session. */
    private Future<Browser.Response> slowRequest(String cookie, JettyNode[] ab, String pathAndQuery) throws InterruptedException {
        Future<Browser.Response> slow = pool.submit(() -> sharing(cookie, ab, 0).get(pathAndQuery));
        Thread.sleep(300);
        return slow;
    }

    @Test
    void distinctAttributesNeverLoseUpdates() throws Exception {
        JettyNode[] ab = twoNodes(redis.uri(), b -> { });
        Browser owner = new Browser(JettyNode.roots(ab));
        owner.get("/s?op=create");
        String cookie = owner.cookie();
        List<List<String>> failures = parallel(CLIENTS, client -> () -> {
            Browser browser = sharing(cookie, ab, client);
            List<String> failed = new ArrayList<>();
            for (int k = 0; k < INCREMENTS; k++) {
                Browser.Response response = browser.post("/s?op=increment&name=counter-" + client);
                if (response.status() != 200) {
                    failed.add(response.status() + " from " + response.header("X-Served-By") + ": " + response.body());
                }
            }
            return failed;
        });

        assertEquals(List.of(), failures.stream().flatMap(List::stream).toList(), "no request failed");
        int lost = 0;
        for (int client = 0; client < CLIENTS; client++) {
            lost += INCREMENTS - Integer.parseInt(owner.get("/s?op=get&name=counter-" + client).body());
        }
        assertEquals(0, lost, "counters lost across " + CLIENTS + " clients x " + INCREMENTS + " increments");
    }

    @Test
    void exclusiveModeSerialisesASharedCounterAcrossServers() throws Exception {
        JettyNode[] ab = twoNodes(redis.uri(), b -> b.lockMode(LockMode.EXCLUSIVE).lockWaitTimeout(Duration.ofSeconds(30)));
        assertEquals(CLIENTS * INCREMENTS, sharedCounterAfterParallelIncrements(ab));
    }

    @Test
    void withoutLockASharedCounterMayLoseUpdatesButNoRequestFails() throws Exception {
        JettyNode[] ab = twoNodes(redis.uri(), b -> { });
        int value = sharedCounterAfterParallelIncrements(ab);
        // Reported, not asserted: how many updates the race lost in this run.
        System.out.println("shared counter without lock: " + value + " of " + CLIENTS * INCREMENTS);
        assertTrue(value >= 1 && value <= CLIENTS * INCREMENTS, "last writer wins, never more: " + value);
    }

    /** Every client increments one attribute; returns its final value after checking no request failed. */
    private int sharedCounterAfterParallelIncrements(JettyNode[] ab) throws Exception {
        Browser owner = new Browser(JettyNode.roots(ab));
        owner.get("/s?op=create");
        String cookie = owner.cookie();
        List<List<String>> failures = parallel(CLIENTS, client -> () -> {
            Browser browser = sharing(cookie, ab, client);
            List<String> failed = new ArrayList<>();
            for (int k = 0; k < INCREMENTS; k++) {
                Browser.Response response = browser.post("/s?op=increment&name=shared");
                if (response.status() != 200) {
                    failed.add(response.status() + " from " + response.header("X-Served-By") + ": " + response.body());
                }
            }
            return failed;
        });
        assertEquals(List.of(), failures.stream().flatMap(List::stream).toList(), "no request failed");
        return Integer.parseInt(owner.get("/s?op=get&name=shared").body());
    }

    @Test
    void inPlaceChangesOfAListAndAPojoAreSeenOnTheOtherServer() {
        JettyNode[] ab = twoNodes(redis.uri(), b -> { });
        Browser browser = new Browser(JettyNode.roots(ab));
        browser.get("/s?op=append&name=list&value=one");
        browser.get("/s?op=append&name=list&value=two");
        assertEquals("[one, two]", browser.get("/s?op=get&name=list").body());
        browser.get("/s?op=cart-add&name=cart&value=apple");
        browser.get("/s?op=cart-add&name=cart&value=pear");
        assertEquals("[apple, pear]", browser.get("/s?op=cart-get&name=cart").body());
    }

    @Test
    void withChangeDetectionOffOnlySetAttributeSaves() {
        JettyNode[] ab = twoNodes(redis.uri(), b -> b.attributeChangeDetection(false));
        Browser browser = new Browser(JettyNode.roots(ab));
        browser.get("/s?op=append&name=list&value=one");
        browser.get("/s?op=append&name=list&value=two");
        assertEquals("[one]", browser.get("/s?op=get&name=list").body(), "the in-place change is not looked for");
    }

    @Test
    void readOnlyRequestOnALargeSessionWritesNothingButTheExpiry() {
        try (CountingRedisProxy proxy = CountingRedisProxy.start(redis)) {
            JettyNode[] ab = twoNodes(proxy.uri(), b -> { });
            Browser browser = new Browser(JettyNode.roots(ab));
            for (int i = 0; i < 500; i++) {
                browser.get("/s?op=cart-add&name=cart&value=item-number-" + i + "-" + "x".repeat(60));
            }
            browser.get("/s?op=cart-get&name=cart");
            proxy.awaitQuiet(Duration.ofMillis(50));
            proxy.reset();
            String cart = browser.get("/s?op=cart-get&name=cart").body();
            assertTrue(cart.length() > 30_000, "a large cart: " + cart.length());
            proxy.awaitQuiet(Duration.ofMillis(50));
            Map<String, Long> commands = proxy.commands();
            commands.keySet().removeAll(CountingRedisProxy.CONNECTION_COMMANDS);
            assertEquals(Map.of("EVALSHA", 2L, "HGET", 1L), commands,
                    "one load script, which also refreshes the expiry, and the fetch of the cart (over attribute.lazy-above): its check and an HGET");
            assertTrue(proxy.bytesToRedis() < 1_000, "the cart is not written back: " + proxy.bytesToRedis() + " bytes sent");
        }
    }

    @Test
    void invalidateRacingAWriteStaysInvalidated() throws Exception {
        JettyNode[] ab = twoNodes(redis.uri(), b -> { });
        String cookie = sessionVia(ab, "/s?op=set&name=user&value=alice");
        String key = RedisSessionStore.key("it-concurrency", cookie);

        Future<Browser.Response> slowWrite = slowRequest(cookie, ab, "/s?op=set&name=user&value=late&sleep=1000");
        assertEquals("invalidated", sharing(cookie, ab, 1).get("/s?op=invalidate").body());
        slowWrite.get();
        assertFalse(redis.client().exists(key), "the late write did not bring the session back");
        Browser again = sharing(cookie, ab, 0);
        assertEquals("no-session", again.get("/s?op=get&name=user").body());
    }

    @Test
    void aRequestThatOutlivesItsLeaseCannotOverwriteTheNextHolder() throws Exception {
        JettyNode[] ab = twoNodes(redis.uri(), b -> b.lockMode(LockMode.EXCLUSIVE).lockLease(Duration.ofSeconds(1)));
        String cookie = sessionVia(ab, "/s?op=set&name=x&value=start");

        Future<Browser.Response> stalled = slowRequest(cookie, ab, "/s?op=set&name=x&value=stalled&sleep=2500");
        long start = System.nanoTime();
        Browser.Response next = sharing(cookie, ab, 1).get("/s?op=set&name=x&value=next");
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, next.status());
        assertTrue(waitedMillis >= 500, "waited for the lease to run out: " + waitedMillis + " ms");

        Browser.Response late = stalled.get();
        assertEquals(503, late.status(), late.body());
        assertTrue(late.body().contains("session changes were not saved"), late.body());
        assertEquals("next", sharing(cookie, ab, 0).get("/s?op=get&name=x").body());
    }

    /** The stalled request's response commits before it ends: neither that save nor the one at its end may write. */
    @ParameterizedTest(name = "commit by {0}, exception swallowed: {1}")
    @CsvSource({"redirect, false", "flush, false", "redirect, true", "flush, true"})
    void aRequestThatOutlivesItsLeaseWritesNothingWhenItsResponseCommitsEarly(String how, boolean swallow) throws Exception {
        JettyNode[] ab = twoNodes(redis.uri(), b -> b.lockMode(LockMode.EXCLUSIVE).lockLease(Duration.ofSeconds(1)));
        String cookie = sessionVia(ab, "/s?op=set&name=x&value=start");

        Future<Browser.Response> stalled = slowRequest(cookie, ab,
                "/stall-then-commit?name=x&value=stalled&sleep=2500&how=" + how + (swallow ? "&swallow=1" : ""));
        Browser.Response next = sharing(cookie, ab, 1).get("/s?op=set&name=x&value=next");
        assertEquals(200, next.status());

        Browser.Response late = stalled.get();
        assertEquals(503, late.status(), late.body());
        assertTrue(late.body().contains("session changes were not saved"), late.body());
        assertEquals("next", sharing(cookie, ab, 0).get("/s?op=get&name=x").body());
    }

    @Test
    void waitingLongerThanTheWaitTimeoutIsA503NotAHang() throws Exception {
        JettyNode[] ab = twoNodes(redis.uri(), b -> b.lockMode(LockMode.EXCLUSIVE).lockWaitTimeout(Duration.ofMillis(300)));
        String cookie = sessionVia(ab, "/s?op=create");

        Future<Browser.Response> holder = slowRequest(cookie, ab, "/s?op=get&name=x&sleep=2000");
        long start = System.nanoTime();
        Browser.Response busy = sharing(cookie, ab, 1).get("/s?op=get&name=x");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, busy.status());
        assertTrue(busy.body().contains("busy with another request"), busy.body());
        assertTrue(millis < 1500, "gave up after about the wait timeout: " + millis + " ms");
        assertEquals(200, holder.get().status());
        assertEquals(200, sharing(cookie, ab, 1).get("/s?op=get&name=x").status(), "free again");
    }

    @Test
    void aCaughtLockTimeoutDoesNotTurnIntoANewSession() throws Exception {
        JettyNode[] ab = twoNodes(redis.uri(), b -> b.lockMode(LockMode.EXCLUSIVE).lockWaitTimeout(Duration.ofMillis(200)));
        String cookie = sessionVia(ab, "/s?op=set&name=user&value=alice");

        Future<Browser.Response> holder = slowRequest(cookie, ab, "/s?op=get&name=user&sleep=1500");
        Browser impatient = sharing(cookie, ab, 1);
        Browser.Response response = impatient.get("/s?op=get-after-failure");
        assertEquals("failed twice", response.body(), "the second getSession waits again instead of creating a session");
        assertEquals(cookie, impatient.cookie(), "no new session cookie");
        holder.get();
        assertEquals("alice", sharing(cookie, ab, 0).get("/s?op=get&name=user").body());
    }

    @Test
    void excludedPathsNeverWaitForTheLock() throws Exception {
        JettyNode[] ab = twoNodes(redis.uri(), b -> b.lockMode(LockMode.EXCLUSIVE).lockExclude("/forward")
                .lockWaitTimeout(Duration.ofMillis(200)));
        String cookie = sessionVia(ab, "/s?op=set&name=user&value=alice");

        Future<Browser.Response> holder = slowRequest(cookie, ab, "/s?op=get&name=user&sleep=1500");
        Browser.Response excluded = sharing(cookie, ab, 1).get("/forward?op=get&name=user");
        assertEquals(200, excluded.status());
        assertEquals("alice", excluded.body());
        assertEquals(503, sharing(cookie, ab, 1).get("/s?op=get&name=user").status(), "a locked path still waits");
        holder.get();
    }

    @Test
    void exclusiveModeCostsOneMoreRoundTripOnReadsAndNoneOnWrites() {
        try (CountingRedisProxy proxy = CountingRedisProxy.start(redis)) {
            JettyNode[] ab = twoNodes(proxy.uri(), b -> b.lockMode(LockMode.EXCLUSIVE));
            Browser browser = new Browser(JettyNode.roots(ab));
            for (int i = 0; i < 3; i++) {
                browser.get("/s?op=set&name=user&value=warm-" + i);
                browser.get("/s?op=get&name=user");
            }
            assertEquals(Map.of("EVALSHA", 2L), commandsOf(proxy, () -> browser.get("/s?op=get&name=user")),
                    "lock+load, unlock");
            assertEquals(Map.of("EVALSHA", 2L), commandsOf(proxy, () -> browser.get("/s?op=set&name=user&value=x")),
                    "lock+load, save+unlock");
            Browser fresh = new Browser(JettyNode.roots(ab));
            assertEquals(Map.of("EVALSHA", 1L), commandsOf(proxy, () -> fresh.get("/s?op=create")),
                    "a new session needs no lock");
            assertEquals(Map.of(), commandsOf(proxy, () -> browser.get("/s?op=none")));
        }
    }

    private static Map<String, Long> commandsOf(CountingRedisProxy proxy, Runnable request) {
        proxy.awaitQuiet(Duration.ofMillis(30));
        proxy.reset();
        request.run();
        proxy.awaitQuiet(Duration.ofMillis(50));
        Map<String, Long> commands = proxy.commands();
        commands.keySet().removeAll(CountingRedisProxy.CONNECTION_COMMANDS);
        return commands;
    }
}
