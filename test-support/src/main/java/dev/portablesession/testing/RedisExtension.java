package dev.portablesession.testing;

import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Redis: never a mock, and never a silent skip.
 *
 * <p>The shared server is found on first use, once per JVM, in this order:
 * <ol>
 *   <li>{@code REDIS_URL=redis://[user:password@]host:port[/db]}: an existing server, used as is
 *       (the tests flush it); if set but unreachable, the tests fail rather than use another;</li>
 *   <li>{@code redis-server} on {@code PATH}, spawned on a free loopback port;</li>
 *   <li>the Redis binary shipped in {@code com.github.codemonstur:embedded-redis}, spawned the same way;</li>
 *   <li>{@code redis:7-alpine} through Testcontainers, if a Docker engine answers.</li>
 * </ol>
 * If none works, every test that asks for it fails with a message listing what was tried and how
 * to provide Redis. One line on {@code System.err} says which source is used.
 *
 * <p>Declare a {@link RedisServer} parameter in a test, constructor or lifecycle method of a class
 * annotated {@code @ExtendWith(RedisExtension.class)}, or register an instance with
 * {@code @RegisterExtension} and call {@link #server()}. The shared server is stopped when
 * JUnit closes its root store, or at the latest when the JVM exits.
 *
 * <p>Tests that stop Redis get a server of their own from {@link #startPrivate()}. Tests of other
 * topologies start them directly: {@link RedisSentinelSet#start()}, {@link RedisCluster#start()}.
 */
public final class RedisExtension implements ParameterResolver, BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);

    /** Guarded by {@code RedisExtension.class}. */
    private static ManagedRedisServer shared;
    /** Why the shared server could not be found, so later tests fail at once with the same message. */
    private static String sharedFailure;

    /** The shared server, started on first use. */
    public RedisServer server() {
        return sharedServer();
    }

    /**
     * Spawns a server for the caller alone, even when {@code REDIS_URL} is set, so that it may
     * {@link SpawnedRedisServer#stop() stop} and {@link SpawnedRedisServer#start() restart} it. Uses
     * {@code redis-server} on {@code PATH}, else the embedded binary. The caller must
     * {@link SpawnedRedisServer#close() close} it; a shutdown hook kills it otherwise.
     *
     * @throws IllegalStateException if neither can be spawned, saying how to provide one
     */
    public static SpawnedRedisServer startPrivate() {
        return startPrivate(Map.of());
    }

    /**
     * Like {@link #startPrivate()}, with extra {@code redis-server} settings, each passed as
     * {@code --name value}: e.g. {@code Map.of("requirepass", "s3cret")} for a server that
     * rejects unauthenticated clients; its {@link RedisServer#password()} then returns it.
     */
    public static SpawnedRedisServer startPrivate(Map<String, String> config) {
        // Every source of a private server spawns one.
        return (SpawnedRedisServer) RedisLocator.forPrivateServer(System.getenv(), config).locate();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stopSharedServerWithRootStore(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        stopSharedServerWithRootStore(extensionContext);
        return sharedServer();
    }

    private static synchronized RedisServer sharedServer() {
        if (sharedFailure != null) {
            throw new IllegalStateException(sharedFailure);
        }
        if (shared == null) {
            try {
                shared = RedisLocator.forSharedServer(System.getenv()).locate();
            } catch (RuntimeException e) {
                sharedFailure = e.getMessage();
                throw e;
            }
            System.err.println("[redis-for-tests] " + shared.origin() + " at " + shared.address());
        }
        return shared;
    }

    private static void stopSharedServerWithRootStore(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedServerRelease.class, key -> new SharedServerRelease(),
                        SharedServerRelease.class);
    }

    /** Stops the shared server when JUnit closes the root store, at the end of the test run. */
    private static final class SharedServerRelease implements AutoCloseable {

        @Override
        public void close() {
            synchronized (RedisExtension.class) {
                if (shared != null) {
                    shared.close();
                    shared = null;
                }
            }
        }
    }
}
