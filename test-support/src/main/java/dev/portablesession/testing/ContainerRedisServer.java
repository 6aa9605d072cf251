package dev.portablesession.testing;

import java.time.Duration;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** Redis in a Docker container started by Testcontainers: the last resort of {@link RedisLocator}. */
final class ContainerRedisServer implements ManagedRedisServer {

    static final String IMAGE = "redis:7-alpine";
    private static final int REDIS_PORT = 6379;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final GenericContainer<?> container;
    private final RespClient client;

    private ContainerRedisServer(GenericContainer<?> container) {
        this.container = container;
        this.client = new RespClient(host(), port());
    }

    /**
     * Starts {@code redis:7-alpine} if a Docker engine answers.
     *
     * @throws RedisLocator.Unavailable if there is no Docker engine or the container fails
     */
    static ContainerRedisServer start() throws RedisLocator.Unavailable {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new RedisLocator.Unavailable("no Docker engine answers");
            }
            GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                    .withExposedPorts(REDIS_PORT)
                    .withStartupTimeout(STARTUP_TIMEOUT);
            container.start();
            ContainerRedisServer server = new ContainerRedisServer(container);
            try {
                server.client.command("PING");
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (RuntimeException | LinkageError e) {
            // Testcontainers reports a broken Docker setup with many exception types; any of them
            // means only that this source is unavailable.
            throw new RedisLocator.Unavailable(e.toString());
        }
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(REDIS_PORT);
    }

    @Override
    public String username() {
        return null;
    }

    @Override
    public String password() {
        return null;
    }

    @Override
    public int database() {
        return 0;
    }

    @Override
    public RespClient client() {
        return client;
    }

    @Override
    public String origin() {
        return "Testcontainers (" + IMAGE + ")";
    }

    @Override
    public void close() {
        client.close();
        container.stop();
    }

    @Override
    public String toString() {
        return "Redis " + origin() + " at " + address();
    }
}
