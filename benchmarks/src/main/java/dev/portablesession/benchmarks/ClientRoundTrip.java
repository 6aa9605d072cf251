package dev.portablesession.benchmarks;

import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.store.redis.RedisConnections;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.SpawnedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * What one blocking Redis call costs the calling JVM, by client, without HTTP: Redisson as this
 * library configures it ({@link RedisConnections#redissonConfig}) against Lettuce with the one
 * shared connection Spring Session uses, and Redisson with concurrent calls coalesced into
 * pipelined batches ({@link ScriptCoalescer}, evaluated for issue 15 and not taken into the
 * library: see docs/benchmarks.md). All run the same script, shaped like the library's session
 * load (read a hash holding a 1 KB value, move a field, restart the expiry), from 1, 16 and 32
 * threads, with this JVM on one CPU and Redis on another.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.portablesession.benchmarks.ClientRoundTrip [seconds] [rounds]</pre>
 */
public final class ClientRoundTrip {

    private static final String SCRIPT = """
            local fields = redis.call('HGETALL', KEYS[1])
            redis.call('HSET', KEYS[1], 'm:accessed', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], 1800000)
            return fields""";
    private static final int KEYS = 1_000;

    private ClientRoundTrip() {
    }

    /** One blocking call on key number {@code n}. */
    private interface Call {
        void call(int n);
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Integer> cpus = Cpus.allowed();
        try (SpawnedRedisServer redis = RedisExtension.startPrivate()) {
            String pinning = "none (needs taskset and two CPUs)";
            if (cpus.size() >= 2) {
                Cpus.pin(ProcessHandle.current().pid(), cpus.get(0));
                Cpus.pin(Machine.redisPid(redis.client()), cpus.get(1));
                pinning = "this JVM on CPU " + cpus.get(0) + ", Redis on CPU " + cpus.get(1);
            }
            byte[] value = new byte[1024];
            Arrays.fill(value, (byte) 'x');
            for (int n = 0; n < KEYS; n++) {
                redis.client().command("HSET".getBytes(StandardCharsets.US_ASCII), key(n).getBytes(StandardCharsets.UTF_8), "a:profile".getBytes(StandardCharsets.UTF_8),
                        value);
            }
            String url = "redis://" + redis.host() + ":" + redis.port();
            Settings settings = Settings.load(SettingSources.builder().programmatic(Map.of("redis.url", url)));
            RedissonClient redisson = Redisson.create(RedisConnections.redissonConfig(settings));
            RedisClient lettuce = RedisClient.create(url);
            try (StatefulRedisConnection<byte[], byte[]> connection = lettuce.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE)) {
                Map<String, Call> clients = Map.of("Redisson (library settings)", redisson(redisson),
                        "Redisson, coalesced, 1 in flight", coalesced(redisson, 1),
                        "Redisson, coalesced, 4 in flight", coalesced(redisson, 4),
                        "Lettuce (one shared connection)", lettuce(connection.sync()));
                System.out.printf(Locale.ROOT, "Blocking EVALSHA of a load-shaped script; %s; %d rounds of %.0f s, medians%n",
                        pinning, rounds, seconds);
                System.out.println("| client | threads | calls/s | CPU µs per call (this JVM) |");
                System.out.println("|---|--:|--:|--:|");
                for (int threads : List.of(1, 16, 32)) {
                    for (Map.Entry<String, Call> client : clients.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                        measure(client.getValue(), threads, Math.min(seconds, 3));
                        List<double[]> results = new ArrayList<>();
                        for (int round = 0; round < rounds; round++) {
                            results.add(measure(client.getValue(), threads, seconds));
                        }
                        System.out.printf(Locale.ROOT, "| %s | %d | %,.0f | %.1f |%n", client.getKey(), threads,
                                median(results, 0), median(results, 1));
                    }
                }
            } finally {
                lettuce.shutdown();
                redisson.shutdown();
            }
        }
    }

    private static Call redisson(RedissonClient client) {
        RScript script = client.getScript(ByteArrayCodec.INSTANCE);
        String sha = script.scriptLoad(SCRIPT);
        return n -> {
            String key = key(n);
            List<Object> fields = script.evalSha(key, RScript.Mode.READ_WRITE, sha, RScript.ReturnType.LIST,
                    List.of(key, key + ":lock"), now());
            check(fields.size());
        };
    }

    private static Call coalesced(RedissonClient client, int inFlight) {
        String sha = client.getScript(ByteArrayCodec.INSTANCE).scriptLoad(SCRIPT);
        ScriptCoalescer coalescer = new ScriptCoalescer(client, ByteArrayCodec.INSTANCE, 64, inFlight);
        return n -> {
            String key = key(n);
            List<Object> fields = coalescer.<List<Object>>evalSha(key, sha, RScript.ReturnType.LIST,
                    List.of(key, key + ":lock"), new Object[] {now()}).join();
            check(fields.size());
        };
    }

    private static Call lettuce(RedisCommands<byte[], byte[]> commands) {
        String sha = commands.scriptLoad(SCRIPT);
        return n -> {
            String key = key(n);
            List<Object> fields = commands.evalsha(sha, ScriptOutputType.MULTI,
                    new byte[][] {key.getBytes(StandardCharsets.UTF_8), (key + ":lock").getBytes(StandardCharsets.UTF_8)}, now());
            check(fields.size());
        };
    }

    /** Calls/s and this JVM's CPU µs per call, {@code threads} calling back to back for {@code seconds}. */
    private static double[] measure(Call call, int threads, double seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t * (KEYS / threads);
            Thread worker = new Thread(() -> {
                try {
                    for (int n = first; !stop.get(); n++) {
                        call.call(n);
                        calls.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        long pid = ProcessHandle.current().pid();
        long cpuBefore = ProcessCpu.nanos(pid);
        long callsBefore = calls.get();
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long made = calls.get() - callsBefore;
        long elapsed = System.nanoTime() - start;
        long cpu = ProcessCpu.used(cpuBefore, ProcessCpu.nanos(pid));
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new double[] {made * 1e9 / elapsed, cpu < 0 ? Double.NaN : cpu / 1e3 / made};
    }

    private static double median(List<double[]> results, int column) {
        return Results.median(results.stream().map(result -> result[column]).toList());
    }

    private static String key(int n) {
        return "bench:{" + Math.floorMod(n, KEYS) + "}";
    }

    private static byte[] now() {
        return Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII);
    }

    private static void check(int size) {
        if (size < 2) {
            throw new IllegalStateException("the script returned " + size + " fields, expected the stored hash");
        }
    }
}
