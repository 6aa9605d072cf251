package dev.portablesession.example;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** A Redis server started from the binary in the embedded-redis jar: the development default, never for production. */
final class DemoRedis implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final RedisServer server;
    private final int port;

    private DemoRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts Redis on a free port of 127.0.0.1, without persistence: the demo's sessions die with it. */
    static DemoRedis start() throws IOException {
        int port = freePort();
        RedisServer server = RedisServer.newRedisServer()
                .bind(HOST)
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        return new DemoRedis(server, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    String url() {
        return "redis://" + HOST + ":" + port;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
