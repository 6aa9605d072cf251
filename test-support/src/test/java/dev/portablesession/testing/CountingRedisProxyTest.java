package dev.portablesession.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs against a private server, so that byte counts do not depend on credentials in REDIS_URL. */
class CountingRedisProxyTest {

    private static SpawnedRedisServer redis;
    private CountingRedisProxy proxy;

    @BeforeAll
    static void startRedis() {
        redis = RedisExtension.startPrivate();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startProxy() {
        redis.flushAll();
        proxy = CountingRedisProxy.start(redis);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void countsExactlyTheCommandsSentIncludingPipelinedAndLargeOnes() {
        byte[] largeValue = new byte[100 * 1024];
        new Random(42).nextBytes(largeValue);
        try (RespClient client = new RespClient(proxy.host(), proxy.port())) {
            client.command("PING");
            proxy.reset();

            assertEquals("OK", client.command("SET", "k", "v"));
            assertEquals("v", RespClient.text(client.command("GET", "k")));
            assertEquals(1L, client.command("HSET", "h", "f", "v"));
            List<Object> replies = client.pipeline(List.of(
                    List.of("INCR", "n"), List.of("INCR", "n"), List.of("INCR", "n"), List.of("INCR", "n"),
                    List.of("INCR", "n"), List.of("EXPIRE", "k", "100"), List.of("DEL", "h")));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 1L, 1L), replies);
            assertEquals("OK", client.command(bytes("SET"), bytes("large"), largeValue));
            assertArrayEquals(largeValue, (byte[]) client.command("GET", "large"));
            assertEquals("PONG", client.command("PING"));
        }

        assertEquals(Map.of("SET", 2L, "GET", 2L, "HSET", 1L, "INCR", 5L, "EXPIRE", 1L, "DEL", 1L, "PING", 1L),
                proxy.commands());
        assertEquals(12, proxy.count(), "all but PING");
        assertEquals(5, proxy.count("incr"));
        assertEquals(0, proxy.count("HGETALL"));
    }

    @Test
    void countsTheBytesInEachDirection() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes("*1\r\n$4\r\nPING\r\n"));
            assertEquals("+PONG\r\n", read(socket.getInputStream(), 7));
        }
        assertEquals(14, proxy.bytesToRedis());
        assertEquals(7, proxy.bytesFromRedis());

        proxy.reset();
        assertEquals(Map.of(), proxy.commands());
        assertEquals(0, proxy.bytesToRedis());
        assertEquals(0, proxy.bytesFromRedis());
    }

    @Test
    void countsInlineCommandsAndCommandsArrivingByteByByte() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes("SET inline 1\r\n"));
            assertEquals("+OK\r\n", read(socket.getInputStream(), 5));
            for (byte b : bytes("*2\r\n$4\r\nINCR\r\n$6\r\ninline\r\n")) {
                out.write(b);
                out.flush();
            }
            assertEquals(":2\r\n", read(socket.getInputStream(), 4));
        }
        assertEquals(Map.of("SET", 1L, "INCR", 1L), proxy.commands());
    }

    @Test
    void awaitQuietCountsCommandsWhoseRepliesNobodyReadYet() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n"
                    + "*2\r\n$3\r\nDEL\r\n$1\r\na\r\nPING\r\n"));

            proxy.awaitQuiet(Duration.ofMillis(50));

            assertEquals(Map.of("SET", 1L, "DEL", 1L, "PING", 1L), proxy.commands());
            assertEquals(2, proxy.count());
        }
    }

    @Test
    void countsExactlyAcrossManyConcurrentConnections() throws Exception {
        int clients = 32;
        int commandsPerClient = 200;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    try (RespClient client = new RespClient(proxy.host(), proxy.port())) {
                        for (int i = 0; i < commandsPerClient; i++) {
                            client.command("INCR", "shared-counter");
                        }
                    }
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals((long) clients * commandsPerClient, proxy.count("INCR"));
        assertEquals(Long.toString((long) clients * commandsPerClient),
                RespClient.text(redis.client().command("GET", "shared-counter")));
    }

    @Test
    void clientsSeeRedisGoDownAndComeBackThroughTheProxy() {
        try (SpawnedRedisServer flaky = RedisExtension.startPrivate();
                CountingRedisProxy flakyProxy = CountingRedisProxy.start(flaky);
                RespClient client = new RespClient(flakyProxy.host(), flakyProxy.port())) {
            assertEquals("PONG", client.command("PING"));

            flaky.stop();
            assertThrows(UncheckedIOException.class, () -> client.command("PING"));
            assertThrows(UncheckedIOException.class, () -> client.command("PING"), "new connections fail too");

            flaky.start();
            assertEquals("PONG", client.command("PING"));
        }
    }

    @Test
    void theUriCarriesTheTargetsCredentials() {
        try (SpawnedRedisServer secured = RedisExtension.startPrivate(Map.of("requirepass", "pw"));
                CountingRedisProxy securedProxy = CountingRedisProxy.start(secured);
                ExternalRedisServer viaProxy = ExternalRedisServer.connect(securedProxy.uri())) {
            assertEquals("redis://:pw@127.0.0.1:" + securedProxy.port(), securedProxy.uri());
            assertEquals("redis://127.0.0.1:" + securedProxy.port(), securedProxy.address());
            viaProxy.client().command("SET", "through-proxy", "1");
            assertEquals(Map.of("AUTH", 1L, "PING", 1L, "SET", 1L), securedProxy.commands());
            assertEquals(1, securedProxy.count());
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(proxy.host(), proxy.port());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String read(InputStream in, int length) throws IOException {
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
