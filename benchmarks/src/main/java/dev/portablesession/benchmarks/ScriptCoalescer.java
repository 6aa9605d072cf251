package dev.portablesession.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.Codec;

/**
 * Smart batching of {@code EVALSHA} calls: a call made while no other is in flight is sent at
 * once, alone, so an idle server adds no latency; calls made while one is in flight wait for it
 * and then go together, pipelined in one Redisson batch (one write, one read of all replies).
 * Under concurrency this trades a wait of at most one round trip for fewer socket writes, reads
 * and event-loop wake-ups per call, which is what Redisson's connection-per-command costs.
 *
 * <p>Part of the benchmarks, not of the library: measured for issue 15 with
 * {@link ClientRoundTrip} and over HTTP, it lowered the client's CPU per call but not the
 * throughput a request sees (docs/benchmarks.md), so the store does not use it.
 *
 * <p>Each call keeps its own reply or error: a batch that fails as a whole fails only the calls
 * whose own reply did not arrive.
 */
final class ScriptCoalescer {

    private final RedissonClient client;
    private final Codec codec;
    private final RScriptAsync single;
    private final int maxBatch;
    private final int maxInFlight;
    private final Object lock = new Object();
    private int inFlight;
    private List<Call<?>> waiting = new ArrayList<>();

    ScriptCoalescer(RedissonClient client, Codec codec, int maxBatch, int maxInFlight) {
        this.client = client;
        this.maxInFlight = maxInFlight;
        this.codec = codec;
        this.single = client.getScript(codec);
        this.maxBatch = maxBatch;
    }

    /** As {@link RScriptAsync#evalShaAsync(String, RScript.Mode, String, RScript.ReturnType, List, Object...)}. */
    <R> CompletableFuture<R> evalSha(String key, String sha, RScript.ReturnType returnType, List<Object> keys,
            Object[] args) {
        Call<R> call = new Call<>(key, sha, returnType, keys, args);
        synchronized (lock) {
            if (inFlight >= maxInFlight) {
                waiting.add(call);
                return call.reply;
            }
            inFlight++;
        }
        send(List.of(call));
        return call.reply;
    }

    private void send(List<Call<?>> calls) {
        if (calls.size() == 1) {
            Call<?> call = calls.get(0);
            RFuture<Object> reply;
            try {
                reply = single.evalShaAsync(call.key, RScript.Mode.READ_WRITE, call.sha, call.returnType, call.keys, call.args);
            } catch (RuntimeException e) {
                call.reply.completeExceptionally(e);
                next();
                return;
            }
            reply.whenComplete((value, error) -> {
                call.complete(value, error);
                next();
            });
            return;
        }
        RBatch batch = client.createBatch();
        RScriptAsync script = batch.getScript(codec);
        for (Call<?> call : calls) {
            script.evalShaAsync(call.key, RScript.Mode.READ_WRITE, call.sha, call.returnType, call.keys, call.args)
                    .whenComplete(call::complete);
        }
        batch.executeAsync().whenComplete((result, error) -> {
            if (error != null) {
                for (Call<?> call : calls) {
                    call.reply.completeExceptionally(error);
                }
            }
            next();
        });
    }

    /** The call in flight is answered: send what came meanwhile, or be idle. */
    private void next() {
        List<Call<?>> calls;
        synchronized (lock) {
            if (waiting.isEmpty()) {
                inFlight--;
                return;
            }
            if (waiting.size() <= maxBatch) {
                calls = waiting;
                waiting = new ArrayList<>();
            } else {
                calls = new ArrayList<>(waiting.subList(0, maxBatch));
                waiting.subList(0, maxBatch).clear();
            }
        }
        send(calls);
    }

    private static final class Call<R> {
        final String key;
        final String sha;
        final RScript.ReturnType returnType;
        final List<Object> keys;
        final Object[] args;
        final CompletableFuture<R> reply = new CompletableFuture<>();

        Call(String key, String sha, RScript.ReturnType returnType, List<Object> keys, Object[] args) {
            this.key = key;
            this.sha = sha;
            this.returnType = returnType;
            this.keys = keys;
            this.args = args;
        }

        @SuppressWarnings("unchecked")
        void complete(Object value, Throwable error) {
            if (error != null) {
                reply.completeExceptionally(error);
            } else {
                reply.complete((R) value);
            }
        }
    }
}
