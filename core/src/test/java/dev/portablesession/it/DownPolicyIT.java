package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.DownPolicy;
import dev.portablesession.LockMode;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.CountingRedisProxy;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.SpawnedRedisServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code redis.down-policy=degrade} on two servers: while Redis does not answer, requests get
 * sessions from the server's memory (no 5xx, the request attribute says so), and when it answers
 * again each session is reconciled by the rule the docs state. Server {@code a} reaches Redis
 * through a proxy that can freeze (Redis down for {@code a} alone, so {@code b} can move a session
 * meanwhile); Redis itself is also frozen (SIGSTOP) and killed.
 */
class DownPolicyIT {

    private static final Duration BUDGET = Duration.ofSeconds(1);

    @RegisterExtension
    final LibraryLog log = new LibraryLog();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** {@code /d?name=x}: the attribute's value (or {@code none} without a session) and the degraded flag. */
    private static final class DegradedServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession(false);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().append(session == null ? "none" : String.valueOf(session.getAttribute(request.getParameter("name"))))
                    .append(";degraded=").append(String.valueOf(request.getAttribute(RedisSessionFilter.DEGRADED_ATTRIBUTE)));
        }
    }

    private static void awaitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not reconciled within " + timeout.toSeconds() + " s");
            Thread.sleep(50);
        }
    }

    private JettyNode node(String name, RedisSessionFilter filter) {
        JettyNode node = JettyNode.start(name, new FilterHolder(filter), Map.of("/d", new DegradedServlet()));
        closing.add(node);
        return node;
    }

    private static RedisSessionFilter filter(String redisUri) {
        return RedisSessionFilter.builder().redisUrl(redisUri).namespace("it-down").redisRequestBudget(BUDGET)
                .redisDownPolicy(DownPolicy.DEGRADE).lockMode(LockMode.NONE).build();
    }

    @Test
    void aServerCutOffFromRedisServesFromMemoryAndReconcilesByTheRule() throws Exception {
        SpawnedRedisServer redis = RedisExtension.startPrivate();
        closing.add(redis);
        CountingRedisProxy proxy = CountingRedisProxy.start(redis);
        closing.add(proxy);
        RedisSessionFilter filterA = filter(proxy.uri());
        JettyNode a = node("a", filterA);
        JettyNode b = node("b", filter(redis.uri()));

        Browser seen = new Browser(a.root());
        Browser moved = new Browser(a.root());
        Browser unknown = new Browser(b.root());
        Browser loggedOut = new Browser(a.root());
        assertEquals("ok", seen.get("/s?op=set&name=user&value=alice").body());
        assertEquals("ok", moved.get("/s?op=set&name=user&value=carol").body());
        assertEquals("ok", unknown.get("/s?op=set&name=user&value=dave").body());
        assertEquals("ok", loggedOut.get("/s?op=set&name=user&value=erin").body());
        assertEquals("alice;degraded=null", seen.get("/d?name=user").body(), "not degraded while Redis answers");

        proxy.freeze();
        Browser fresh = new Browser(a.root());
        try {
            long start = System.nanoTime();
            assertEquals("alice;degraded=true", seen.get("/d?name=user").body(), "the state a saw, from memory");
            long first = (System.nanoTime() - start) / 1_000_000;
            assertTrue(first >= BUDGET.toMillis() - 50 && first < BUDGET.toMillis() + 1_500,
                    "the first request waits out the budget: " + first + " ms");
            start = System.nanoTime();
            assertEquals("ok", seen.get("/s?op=set&name=cart&value=2").body());
            long next = (System.nanoTime() - start) / 1_000_000;
            assertTrue(next < 500, "later requests do not wait for Redis: " + next + " ms");
            assertEquals("ok", fresh.get("/s?op=set&name=user&value=frank").body(), "a new session, in memory");
            assertEquals("ok", moved.get("/s?op=set&name=cart&value=local").body());
            assertEquals("ok", moved.at(b.root()).get("/s?op=set&name=user&value=carol2").body(), "b moves it meanwhile");
            assertEquals("none;degraded=true", unknown.at(a.root()).get("/d?name=user").body(),
                    "a never saw it: not found, as if expired; no session under an id a does not know");
            assertEquals("invalidated", loggedOut.get("/s?op=invalidate").body());
            assertEquals("null", seen.at(b.root()).get("/s?op=get&name=cart").body(), "Redis does not have it yet");
            assertTrue(filterA.metrics().isDegraded());
        } finally {
            proxy.thaw();
        }
        awaitUntil(Duration.ofSeconds(20), () -> !filterA.metrics().isDegraded());

        assertEquals("alice 2", seen.at(b.root()).get("/s?op=get&name=user").body() + " "
                + seen.at(b.root()).get("/s?op=get&name=cart").body(), "seen before, unmoved: written back");
        assertEquals("frank", fresh.at(b.root()).get("/s?op=get&name=user").body(), "created meanwhile: written");
        assertEquals("carol2 null", moved.at(b.root()).get("/s?op=get&name=user").body() + " "
                + moved.at(b.root()).get("/s?op=get&name=cart").body(), "moved in Redis since: a's change dropped");
        assertEquals("dave", unknown.get("/s?op=get&name=user").body(), "not known to a: untouched");
        assertEquals("no-session", loggedOut.at(b.root()).get("/s?op=get&name=user").body(), "a logout is never undone");
        assertEquals(1, filterA.metrics().getDegradedChangesDropped());
        assertTrue(log.messages().stream().anyMatch(message -> message.contains(
                "reconciled: 1 written back, 1 created, 1 invalidated, 1 dropped")), log.messages().toString());
        assertEquals("alice;degraded=null", seen.get("/d?name=user").body(), "a uses Redis again");
    }

    /** Redis frozen, then killed and restarted empty: never a 5xx, and what each rule keeps. */
    @Test
    void redisFrozenThenKilledNeverGivesA5xx() throws Exception {
        SpawnedRedisServer redis = RedisExtension.startPrivate();
        closing.add(redis);
        RedisSessionFilter filterA = filter(redis.uri());
        RedisSessionFilter filterB = filter(redis.uri());
        JettyNode a = node("a", filterA);
        JettyNode b = node("b", filterB);
        Browser user = new Browser(JettyNode.roots(a, b));
        assertEquals("ok", user.get("/s?op=set&name=user&value=alice").body());
        assertEquals("alice", user.get("/s?op=get&name=user").body(), "both servers have seen it");

        redis.pause();
        try {
            for (int i = 0; i < 6; i++) {
                Browser.Response response = user.get("/s?op=increment&name=n");
                assertEquals(200, response.status(), response.body());
            }
        } finally {
            redis.resume();
        }
        awaitUntil(Duration.ofSeconds(20), () -> !filterA.metrics().isDegraded() && !filterB.metrics().isDegraded());
        // Each server kept its own copy, both seeded from the same state: the first to reconcile
        // writes its copy back, the other finds the session changed and drops its own, counted.
        // Read on both servers: each then knows the session as Redis holds it now.
        assertEquals("3 3", user.get("/s?op=get&name=n").body() + " " + user.get("/s?op=get&name=n").body(),
                "one server's three increments survive");
        assertEquals(1, filterA.metrics().getDegradedChangesDropped() + filterB.metrics().getDegradedChangesDropped());

        redis.kill();
        // A client that stays on one server (a sticky balancer): its new session lives on a.
        Browser newcomer = new Browser(a.root());
        for (int i = 0; i < 4; i++) {
            Browser.Response response = newcomer.get("/s?op=increment&name=n");
            assertEquals(200, response.status(), response.body());
        }
        for (int i = 0; i < 2; i++) {
            Browser.Response response = user.get("/s?op=get&name=user");
            assertEquals("200 alice", response.status() + " " + response.body(), "each server's copy");
        }
        redis.start();
        awaitUntil(Duration.ofSeconds(20), () -> !filterA.metrics().isDegraded() && !filterB.metrics().isDegraded());
        assertEquals("4", newcomer.at(b.root()).get("/s?op=get&name=n").body(), "created during the outage: written");
        Browser.Response gone = user.get("/s?op=get&name=user");
        assertEquals("200 no-session", gone.status() + " " + gone.body(),
                "Redis restarted empty: the sessions it had are gone (their copies dropped), no 5xx");
    }

    /**
     * {@code lock.mode=exclusive}: a request that took its lock in Redis and saves after Redis
     * stopped answering writes its change locally instead of losing it to a lock the local store
     * never issued; once Redis is back the change is there, on the other server too.
     */
    @Test
    void aLockedRequestInFlightWhenRedisGoesKeepsItsChange() throws Exception {
        SpawnedRedisServer redis = RedisExtension.startPrivate();
        closing.add(redis);
        CountingRedisProxy proxy = CountingRedisProxy.start(redis);
        closing.add(proxy);
        RedisSessionFilter.Builder exclusive = RedisSessionFilter.builder().namespace("it-down-locked")
                .redisRequestBudget(BUDGET).redisDownPolicy(DownPolicy.DEGRADE).lockMode(LockMode.EXCLUSIVE)
                .lockLease(Duration.ofSeconds(3));
        RedisSessionFilter filterA = exclusive.redisUrl(proxy.uri()).build();
        JettyNode a = node("a", filterA);
        JettyNode b = node("b", exclusive.redisUrl(redis.uri()).build());
        Browser user = new Browser(a.root());
        assertEquals("ok", user.get("/s?op=set&name=v&value=1").body());

        CompletableFuture<Browser.Response> inFlight = CompletableFuture.supplyAsync(
                () -> user.get("/s?op=set&name=v&value=2&sleep=800"));
        Thread.sleep(300);
        proxy.freeze();
        try {
            Browser.Response saved = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals("200 ok", saved.status() + " " + saved.body(), "saved locally, not refused as a lost lock");
            assertEquals("2;degraded=true", user.get("/d?name=v").body());
        } finally {
            proxy.thaw();
        }
        awaitUntil(Duration.ofSeconds(20), () -> !filterA.metrics().isDegraded());
        // Written under the request's own lock from before the outage, not after its lease.
        assertEquals("2", user.at(b.root()).get("/s?op=get&name=v").body(), "in Redis once it is back");
        assertEquals("2", user.get("/s?op=get&name=v").body());
    }
}
