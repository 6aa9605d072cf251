package dev.portablesession.internal.store.redis;

import dev.portablesession.DownPolicy;
import dev.portablesession.internal.config.RedisUrl;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.store.ExpiryIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.Credentials;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;

/** Builds the Redisson client a {@link RedisSessionStore} uses from the library's settings. */
public final class RedisConnections {

    /** Masks values of YAML keys such as {@code password:} in parser messages that quote the file. */
    private static final Pattern SECRET_VALUE = Pattern.compile("(?i)(password\\w*\"?\\s*:\\s*)\\S+");

    private RedisConnections() {
    }

    /** As {@link #open(Settings, String, ExpiryIndex, RedissonClient)}, with a client made from the settings. */
    public static RedisSessionStore open(Settings settings, String namespace, ExpiryIndex expiry) {
        return open(settings, namespace, expiry, null);
    }

    /**
     * Opens a store on the Redis the settings name, or on {@code givenClient}. Does not connect
     * yet: the client connects on first use and again after an outage, so an unreachable Redis
     * never stops the application from starting.
     *
     * @param givenClient a client the application made and still owns, or null to make one from
     *     the settings
     * @throws IllegalArgumentException when the Redisson config file cannot be read or parsed
     */
    public static RedisSessionStore open(Settings settings, String namespace, ExpiryIndex expiry,
            RedissonClient givenClient) {
        RedisSessionStore store = openStore(settings, namespace, expiry, givenClient);
        // Degrading serves sessions from what this server last loaded: it needs them whole.
        if (settings.attributeLazyAboveBytes().isPresent() && settings.redisDownPolicy() != DownPolicy.DEGRADE) {
            store.lazyAbove(settings.attributeLazyAboveBytes().getAsInt());
        }
        return store;
    }

    private static RedisSessionStore openStore(Settings settings, String namespace, ExpiryIndex expiry,
            RedissonClient givenClient) {
        RedisSessionStore.ReplicaWait replicaWait = new RedisSessionStore.ReplicaWait(settings.redisWaitReplicas(),
                settings.redisWaitTimeout());
        if (givenClient != null) {
            return new RedisSessionStore(givenClient, false, namespace, "(the RedissonClient given to the builder)",
                    expiry, settings.redisRequestBudget(), replicaWait);
        }
        String target = settings.redisConfigFile().map(file -> "configured in " + file)
                .orElseGet(() -> settings.redisUrl().orElseThrow().toString());
        if (settings.redisShareClient()) {
            List<Object> key = shareKey(settings);
            return new RedisSessionStore(acquire(key, settings), false, namespace, target, expiry,
                    settings.redisRequestBudget(), replicaWait).onClose(() -> release(key));
        }
        return new RedisSessionStore(Redisson.create(redissonConfig(settings)), true, namespace, target, expiry,
                settings.redisRequestBudget(), replicaWait);
    }

    /**
     * {@code redis.share-client}: one client per Redis configuration for every filter whose
     * library classes come from one class loader (all applications of a container when the
     * library is in the container's shared {@code lib}), counted by its users and shut down when
     * the last one closes.
     */
    private static final Map<List<Object>, SharedClient> SHARED = new HashMap<>();

    private static final class SharedClient {
        final RedissonClient client;
        final ExecutorService executor;
        int users;

        SharedClient(RedissonClient client, ExecutorService executor) {
            this.client = client;
            this.executor = executor;
        }
    }

    /** What makes two filters' connections the same: the target, its credentials and the timeouts. Never logged. */
    private static List<Object> shareKey(Settings settings) {
        List<Object> key = new ArrayList<>();
        key.add(settings.redisUrl());
        key.add(settings.redisConfigFile().map(Object::toString));
        settings.redisConfigFile().ifPresent(file -> key.add(file.toFile().lastModified()));
        key.add(settings.redisPasswordFile().map(Object::toString));
        key.add(settings.redisConnectTimeout());
        key.add(settings.redisTimeout());
        return key;
    }

    private static RedissonClient acquire(List<Object> key, Settings settings) {
        synchronized (SHARED) {
            SharedClient shared = SHARED.get(key);
            if (shared == null) {
                shared = create(settings);
                SHARED.put(key, shared);
            }
            shared.users++;
            return shared.client;
        }
    }

    private static void release(List<Object> key) {
        SharedClient gone;
        synchronized (SHARED) {
            SharedClient shared = SHARED.get(key);
            if (shared == null || --shared.users > 0) {
                return;
            }
            SHARED.remove(key);
            gone = shared;
        }
        gone.client.shutdown();
        gone.executor.shutdownNow();
    }

    /**
     * A client whose threads hold the library's class loader as their context class loader, not
     * the loader of the application that happened to start them: an application undeployed while
     * others still use the client must not stay pinned in memory by its threads.
     */
    private static SharedClient create(Settings settings) {
        ClassLoader library = RedisConnections.class.getClassLoader();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "portable-session-shared-redis-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(library);
            return thread;
        };
        Config config = redissonConfig(settings);
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, config.getThreads()), threads);
        config.setExecutor(executor);
        config.setNettyExecutor(task -> threads.newThread(task).start());
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(library);
        try {
            return new SharedClient(Redisson.create(config), executor);
        } finally {
            current.setContextClassLoader(before);
        }
    }

    /**
     * The Redisson configuration {@link #open} uses: read from {@code redis.config-file}, or built
     * from {@code redis.url} and the timeouts. Public for the benchmarks, which measure a client
     * configured exactly so.
     *
     * @throws IllegalArgumentException when the Redisson config file cannot be read or parsed
     */
    public static Config redissonConfig(Settings settings) {
        Config config;
        if (settings.redisConfigFile().isPresent()) {
            config = readYaml(settings.redisConfigFile().get());
        } else {
            RedisUrl url = settings.redisUrl().orElseThrow();
            config = new Config();
            int connectTimeout = Math.toIntExact(settings.redisConnectTimeout().toMillis());
            int timeout = Math.toIntExact(settings.redisTimeout().toMillis());
            // One retry rides out a dropped connection; more would hold requests for seconds
            // during an outage before they get their 503. The delay is also how long a command
            // may wait to be written before that retry: much less fails requests on a busy CPU.
            ConstantDelay retryDelay = new ConstantDelay(Duration.ofSeconds(1));
            if (url.isSentinel()) {
                SentinelServersConfig sentinel = config.useSentinelServers()
                        .setMasterName(url.master().orElseThrow())
                        .setDatabase(url.database())
                        .setConnectTimeout(connectTimeout)
                        .setTimeout(timeout)
                        .setRetryAttempts(1)
                        .setRetryDelay(retryDelay)
                        // Every session operation is a script that writes, so it runs on the master;
                        // no pool to the replicas is needed.
                        .setReadMode(ReadMode.MASTER)
                        .setMasterConnectionMinimumIdleSize(1)
                        .setMasterConnectionPoolSize(4)
                        .setSlaveConnectionMinimumIdleSize(0)
                        .setSlaveConnectionPoolSize(1)
                        .setSubscriptionConnectionMinimumIdleSize(0);
                url.sentinelAddresses().forEach(sentinel::addSentinelAddress);
            } else {
                config.useSingleServer()
                        .setAddress(url.address())
                        .setDatabase(url.database())
                        .setConnectTimeout(connectTimeout)
                        .setTimeout(timeout)
                        .setRetryAttempts(1)
                        .setRetryDelay(retryDelay)
                        // Redisson's defaults (24 idle connections, one subscription connection) held 25
                        // connections per application; a servlet container runs several. One idle
                        // connection, at most four under load, and none for pub/sub until it is used.
                        .setConnectionMinimumIdleSize(1)
                        .setConnectionPoolSize(4)
                        .setSubscriptionConnectionMinimumIdleSize(0);
            }
            // Redisson's executor for listeners: the store registers none that need 16 threads.
            config.setThreads(2);
            if (url.password().isPresent()) {
                // A resolver rather than setPassword: the secret stays out of the config object Redisson may print.
                Credentials credentials = new Credentials(url.username().orElse(null), url.password().get());
                config.setCredentialsResolver(address -> CompletableFuture.completedFuture(credentials));
            }
            config.setNettyThreads(nettyThreads(Runtime.getRuntime().availableProcessors(), config.getNettyThreads()));
        }
        if (settings.redisPasswordFile().isPresent()) {
            String username = settings.redisUrl().isPresent() ? settings.redisUrl().get().username().orElse(null)
                    : fileUsername(config);
            config.setCredentialsResolver(new PasswordFile(username, settings.redisPasswordFile().get()));
        }
        if (config.getCodec() == null) {
            // Every call of the store names ByteArrayCodec; left unset, Redisson would build its default
            // codec, Kryo, whose jars core's pom leaves out.
            config.setCodec(ByteArrayCodec.INSTANCE);
        }
        config.setLazyInitialization(true);
        return config;
    }

    /**
     * Netty's own default, two event-loop threads per CPU, capped at Redisson's default (32). With
     * 32 threads on the one or two CPUs of a typical container, each call wakes a different thread
     * and a request spends more CPU switching threads than talking to Redis: on one CPU the
     * benchmark (docs/benchmarks.md) measured half the CPU per session load with two. A Redisson
     * YAML file keeps whatever it says.
     */
    static int nettyThreads(int processors, int redissonDefault) {
        return Math.min(redissonDefault, 2 * Math.max(1, processors));
    }

    /** The ACL user a Redisson file names, at its top level or in its one server section; null for the default user. */
    private static String fileUsername(Config config) {
        if (config.getUsername() != null) {
            return config.getUsername();
        }
        if (config.isClusterConfig()) {
            return config.useClusterServers().getUsername();
        }
        if (config.isSentinelConfig()) {
            return config.useSentinelServers().getUsername();
        }
        if (config.isSingleConfig()) {
            return config.useSingleServer().getUsername();
        }
        return null;
    }

    private static Config readYaml(Path file) {
        try {
            return Config.fromYAML(file.toFile());
        } catch (IOException | RuntimeException e) {
            String detail = SECRET_VALUE.matcher(Secrets.redact(String.valueOf(e.getMessage()))).replaceAll("$1****");
            throw new IllegalArgumentException("invalid setting redis.config-file = \"" + file
                    + "\": not a readable Redisson YAML configuration (" + e.getClass().getSimpleName() + ": "
                    + detail + ")", null);
        }
    }
}
