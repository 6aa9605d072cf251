package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.InvalidSettingException;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RespClient;
import dev.portablesession.testing.SpawnedRedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis password rotated while two servers serve traffic, through {@code redis.password-file}:
 * the new password is added to the ACL user and written to the file, every connection is dropped
 * so that each reconnects, the old password is removed and the connections dropped again. No
 * server restarts; every request succeeds and every acknowledged increment is in Redis.
 */
class PasswordRotationIT {

    private static final String NAMESPACE = "it-rotate";
    private static final String USER = "session-app";
    private static final String OLD = "old-pa55-never-logged";
    private static final String NEW = "new-pa55-never-logged";
    private static final String[] RULES = {"~" + NAMESPACE + ":*", "resetchannels", "-@all",
        "+@read", "+@write", "+@scripting", "+@connection"};
    private static final int CLIENTS = 4;

    private static SpawnedRedisServer redis;

    @RegisterExtension
    final LibraryLog log = new LibraryLog();

    @TempDir
    Path folder;

    @BeforeAll
    static void startRedis() {
        redis = RedisExtension.startPrivate(Map.of("requirepass", "default-user-pa55"));
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void thePasswordChangesUnderLoadWithoutARestartOrAFailedRequest() throws Exception {
        redis.withUser(USER, OLD, RULES);
        Path file = folder.resolve("redis-password");
        write(file, OLD + "\n");
        String url = "redis://" + USER + ":@" + redis.host() + ":" + redis.port();
        try (JettyNode a = JettyNode.start("a", filter(url, file));
                JettyNode b = JettyNode.start("b", filter(url, file))) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger requests = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            int[] acknowledged = new int[CLIENTS];
            List<Browser> browsers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            CountDownLatch warm = new CountDownLatch(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                Browser browser = new Browser(a.root(), b.root());
                browsers.add(browser);
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        Browser.Response response = browser.get("/s?op=increment&name=n");
                        requests.incrementAndGet();
                        if (response.status() == 200) {
                            acknowledged[client] = Integer.parseInt(response.body().strip());
                        } else {
                            failures.add(response.status() + " " + response.body().strip());
                        }
                        if (acknowledged[client] == 3) {
                            warm.countDown();
                        }
                    }
                }, "client-" + i);
                thread.start();
                threads.add(thread);
            }
            assertTrue(warm.await(30, TimeUnit.SECONDS), "every client got going");

            // 1. The new password next to the old one, in Redis and in the file (replaced atomically, as a secret volume is).
            redis.client().command("ACL", "SETUSER", USER, ">" + NEW);
            Path next = folder.resolve("redis-password.next");
            write(next, NEW + "\n");
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            int killedFirst = killConnectionsOf(USER);
            steady(requests, 40);
            // 2. The old password removed; the connections opened since log in with the new one.
            redis.client().command("ACL", "SETUSER", USER, "<" + OLD);
            int killedSecond = killConnectionsOf(USER);
            steady(requests, 40);

            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            System.out.println("password rotated under load: " + requests.get() + " requests, "
                    + failures.size() + " failed, connections dropped " + killedFirst + " then " + killedSecond);
            assertTrue(killedFirst > 0 && killedSecond > 0, "both servers had connections to drop: "
                    + killedFirst + ", " + killedSecond);
            assertEquals(List.of(), List.copyOf(failures), "no request failed");
            String clients = RespClient.text(redis.client().command("CLIENT", "LIST", "TYPE", "normal"));
            assertTrue(clients.contains(" user=" + USER + " "), "the servers logged in again as " + USER);
            // The old password is really gone: only the new one can log in now.
            assertThrows(RuntimeException.class, () -> {
                try (RespClient old = new RespClient(redis.host(), redis.port(), USER, OLD, 0)) {
                    old.command("PING");
                }
            });
            for (int i = 0; i < CLIENTS; i++) {
                assertEquals(String.valueOf(acknowledged[i]), browsers.get(i).get("/s?op=get&name=n").body().strip(),
                        "client " + i + " lost no acknowledged increment");
            }
        }
        for (String message : log.messages()) {
            assertFalse(message.contains(OLD) || message.contains(NEW), message);
        }
        assertTrue(log.messages().stream().anyMatch(message -> message.contains("holds a new password")),
                "the change is logged, without the password: " + log.messages());
    }

    @Test
    void aPasswordInTheUrlAndAFileConflict() throws Exception {
        Path file = folder.resolve("redis-password");
        write(file, OLD);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> RedisSessionFilter.builder()
                .redisUrl("redis://" + USER + ":" + OLD + "@127.0.0.1:6379").redisPasswordFile(file).build());
        assertTrue(e.getMessage().contains("redis.password-file"), e.getMessage());
        assertFalse(e.getMessage().contains(OLD), e.getMessage());
    }

    @Test
    void aUserWithoutPasswordOrFileIsRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> RedisSessionFilter.builder()
                .redisUrl("redis://" + USER + ":@127.0.0.1:6379").build());
        assertTrue(e.getMessage().contains("redis.password-file"), e.getMessage());
    }

    @Test
    void anEmptyFileIsRefusedAtStartWithoutItsContentOrLength() throws Exception {
        Path file = folder.resolve("empty");
        write(file, "");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> RedisSessionFilter.builder()
                .redisPasswordFile(file).build());
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }

    /** Drops every connection of the user, as a network blip or a Redis restart would; returns how many. */
    private static int killConnectionsOf(String user) {
        Object killed = redis.client().command("CLIENT", "KILL", "USER", user);
        return Math.toIntExact((Long) killed);
    }

    /** Waits until the clients have made {@code more} further requests, so each phase sees traffic. */
    private static void steady(AtomicInteger requests, int more) throws InterruptedException {
        int target = requests.get() + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (requests.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(requests.get() >= target, "requests went on");
    }

    private static RedisSessionFilter filter(String url, Path passwordFile) {
        return RedisSessionFilter.builder().redisUrl(url).redisPasswordFile(passwordFile).namespace(NAMESPACE).build();
    }

    private static void write(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
