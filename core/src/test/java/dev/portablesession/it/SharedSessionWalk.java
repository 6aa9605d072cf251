package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.testing.Browser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The life of one session shared by two nodes in {@code lock.mode=exclusive}, step by step on
 * alternating nodes: what every Redis topology must carry. Each step names the node it needs, so
 * a failure says which hop broke.
 */
final class SharedSessionWalk {

    private static final int CLIENTS = 4;
    private static final int INCREMENTS = 5;

    private SharedSessionWalk() {
    }

    /**
     * Creates a session on {@code a}, reads it on {@code b}, changes it on {@code b}, changes its
     * id on {@code a}, increments one counter from parallel clients on both nodes under the lock,
     * and invalidates it on {@code b}.
     *
     * @return the session ids it went through, first the created one, then the changed one
     */
    static List<String> run(JettyNode a, JettyNode b) throws Exception {
        Browser browser = new Browser(a.root(), b.root());
        assertEquals("ok", browser.get("/s?op=set&name=user&value=alice").body(), "create on a");
        String created = browser.cookie();
        assertEquals("alice", browser.get("/s?op=get&name=user").body(), "read on b");
        assertEquals("ok", browser.get("/s?op=set&name=user&value=bob").body(), "change on b");
        assertEquals("bob", browser.get("/s?op=get&name=user").body(), "read the change on a");

        String changed = browser.get("/s?op=changeId").body();
        String renamed = browser.cookie();
        assertNotEquals(created, renamed, "changeSessionId on a gives a new cookie");
        assertTrue(changed.startsWith(created + "->" + renamed), changed);
        assertEquals("bob", browser.get("/s?op=get&name=user").body(), "b reads the session under its new id");
        Browser oldId = new Browser(a.root());
        oldId.cookie(created);
        assertEquals("no-session", oldId.get("/s?op=get&name=user").body(), "the old id is gone");

        assertEquals(CLIENTS * INCREMENTS, incrementInParallel(a, b, renamed), "the lock serialised the increments");

        assertEquals("invalidated", browser.at(b.root()).get("/s?op=invalidate").body(), "invalidate on b");
        assertEquals("no-session", browser.at(a.root()).get("/s?op=get&name=user").body(), "gone on a");
        return List.of(created, renamed);
    }

    /** Every client increments one attribute of the session; returns its value at the end. */
    private static int incrementInParallel(JettyNode a, JettyNode b, String cookie) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<List<String>>> clients = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                Browser browser = client % 2 == 0 ? new Browser(a.root(), b.root()) : new Browser(b.root(), a.root());
                browser.cookie(cookie);
                clients.add(pool.submit(() -> {
                    List<String> failures = new ArrayList<>();
                    for (int k = 0; k < INCREMENTS; k++) {
                        Browser.Response response = browser.post("/s?op=increment&name=counter");
                        if (response.status() != 200) {
                            failures.add(response.status() + " from " + response.servedBy() + ": " + response.body());
                        }
                    }
                    return failures;
                }));
            }
            List<String> failures = new ArrayList<>();
            for (Future<List<String>> client : clients) {
                failures.addAll(client.get());
            }
            assertEquals(List.of(), failures, "no increment failed");
        } finally {
            pool.shutdownNow();
        }
        Browser reader = new Browser(a.root());
        reader.cookie(cookie);
        return Integer.parseInt(reader.get("/s?op=get&name=counter").body());
    }
}
