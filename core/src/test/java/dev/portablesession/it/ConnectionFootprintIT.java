package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Redis connections and threads one application holds with the defaults, idle and under load. */
@ExtendWith(RedisExtension.class)
class ConnectionFootprintIT {

    @Test
    void smallFootprintAndParallelLoadStillServed(RedisServer redis) throws Exception {
        long threadsBefore = redissonThreads();
        try (RespClient admin = RespClient.connectTo(redis);
                JettyNode node = JettyNode.start("a", RedisSessionFilter.builder().redisUrl(redis.uri())
                        .namespace("it-footprint").build())) {
            long connectionsBefore = clients(admin);
            for (int i = 0; i < 10; i++) {
                assertEquals(200, new Browser(node.root()).get("/s?op=set&name=n&value=" + i).status());
            }
            long idle = clients(admin) - connectionsBefore;
            long threads = redissonThreads() - threadsBefore;
            System.out.println("footprint: connections=" + idle + " threads=" + threads);
            assertTrue(idle >= 1 && idle <= 4, "connections: " + idle);
            assertTrue(threads <= 8, "threads: " + threads);

            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 320; i++) {
                    int n = i;
                    results.add(pool.submit(() ->
                            new Browser(node.root()).get("/s?op=set&name=n&value=" + n).status()));
                }
                for (Future<Integer> result : results) {
                    assertEquals(200, result.get());
                }
            } finally {
                pool.shutdownNow();
            }
            long loaded = clients(admin) - connectionsBefore;
            System.out.println("footprint under load: connections=" + loaded
                    + " threads=" + (redissonThreads() - threadsBefore));
            assertTrue(loaded <= 5, "connections under load: " + loaded);
        }
    }

    private static long clients(RespClient admin) {
        Object reply = admin.command("CLIENT", "LIST");
        String text = reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(reply);
        // Less this admin connection.
        return text.lines().filter(l -> l.contains("addr=")).count() - 1;
    }

    private static long redissonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("redisson") || n.contains("netty") || n.contains("nioEventLoop")
                        || n.contains("epollEventLoop"))
                .count();
    }
}
