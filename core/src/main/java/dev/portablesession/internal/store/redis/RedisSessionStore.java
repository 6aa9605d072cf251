package dev.portablesession.internal.store.redis;

import static dev.portablesession.internal.store.redis.SessionScripts.ACCESSED;
import static dev.portablesession.internal.store.redis.SessionScripts.ATTRIBUTE_PREFIX;
import static dev.portablesession.internal.store.redis.SessionScripts.CREATED;
import static dev.portablesession.internal.store.redis.SessionScripts.FORMAT;
import static dev.portablesession.internal.store.redis.SessionScripts.FORMAT_VERSION;
import static dev.portablesession.internal.store.redis.SessionScripts.MAX_INACTIVE;
import static dev.portablesession.internal.store.redis.SessionScripts.OTHER_FORMAT;
import static dev.portablesession.internal.store.redis.SessionScripts.PRINCIPAL;

import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.ExpiryIndex;
import dev.portablesession.internal.store.LockAttempt;
import dev.portablesession.internal.store.OtherFormatException;
import dev.portablesession.internal.store.SaveOutcome;
import dev.portablesession.internal.store.SessionStore;
import dev.portablesession.internal.store.StoreBudget;
import dev.portablesession.internal.store.StoreFullException;
import dev.portablesession.internal.store.StoreUnreachableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisBusyException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisMasterDownException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Sessions in Redis, one hash per session under {@code <namespace>:{<b>}:<id>}, where the bucket
 * {@code b} is the id's first character (64 buckets). The braces are a Redis Cluster hash tag:
 * every key of a bucket (its sessions, their locks {@code <session key>:lock}, and its expiry
 * index {@code <namespace>:{<b>}:expiry}) lands in one slot, and the buckets spread over 64
 * slots.
 *
 * <p>Every operation is one Lua script, so one round trip, except {@link #changeId}, which takes
 * two because the old and the new key may live on different cluster nodes, and
 * {@link #claimExpired}, which runs the claim of all 64 buckets as one batch: one round trip per
 * Redis node.
 */
public final class RedisSessionStore implements SessionStore {

    /** "java.util.concurrent.ExecutionException: org.redisson...Exception: " in front of the real message. */
    private static final Pattern WRAPPER_PREFIX = Pattern.compile("^([\\w.$]+(Exception|Error): )+");

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] ONE = {'1'};
    private static final byte[] OFF = {'o', 'f', 'f'};
    private static final byte[] NO_USER = {'-'};
    /** The characters a session id can start with: one bucket each. */
    private static final String BUCKETS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final RedissonClient client;
    private final boolean ownsClient;
    private final String namespace;
    private final String target;
    private final ExpiryIndex expiry;
    private final Duration budget;
    private final long budgetNanos;
    private final ReplicaWait replicaWait;
    private volatile Runnable onClose;
    /** ARGV of the loads: the size above which attributes are deferred, or empty for none. */
    private volatile byte[] lazyAboveArg = EMPTY;
    /** ARGV[1] of every session script: the horizon in ms, or {@code off}. */
    private final byte[] horizonArg;
    private final RScript script;
    private final Script load = new Script(SessionScripts.LOAD);
    private final Script create = new Script(SessionScripts.CREATE);
    private final Script save = new Script(SessionScripts.SAVE);
    private final Script take = new Script(SessionScripts.TAKE);
    private final Script lockAndLoad = new Script(SessionScripts.LOCK_AND_LOAD);
    private final Script delete = new Script(SessionScripts.DELETE);
    private final Script claim = new Script(SessionScripts.CLAIM);
    private final Script finish = new Script(SessionScripts.FINISH);
    private final Script users = new Script(SessionScripts.USERS);
    private final Script fetch = new Script(SessionScripts.FETCH);

    /**
     * @param client the Redisson client to use
     * @param ownsClient whether {@link #close()} shuts the client down (false for a client the
     *     application handed over and still owns, or one shared with other filters)
     * @param namespace the key prefix; keys are {@code <namespace>:{<b>}:<id>}
     * @param target a description of the Redis target for error messages, without credentials
     * @param expiry whether the expiry index is kept, and the horizon
     * @param budget how long one request may wait on Redis in all ({@code redis.request-budget});
     *     also the bound of each call made outside a request
     * @param replicaWait how many replicas must confirm each write before it counts as done
     *     ({@code redis.wait-replicas}), and how long to wait for them
     */
    public RedisSessionStore(RedissonClient client, boolean ownsClient, String namespace, String target,
            ExpiryIndex expiry, Duration budget, ReplicaWait replicaWait) {
        this.replicaWait = replicaWait;
        this.budget = budget;
        this.budgetNanos = budget.toNanos();
        this.client = client;
        this.ownsClient = ownsClient;
        this.namespace = namespace;
        this.target = target;
        this.expiry = expiry;
        this.horizonArg = expiry.kept() ? ascii(expiry.horizonMillis()) : OFF;
        this.script = client.getScript(ByteArrayCodec.INSTANCE);
    }

    /** The Redis key of session {@code id} in {@code namespace}. */
    public static String key(String namespace, String id) {
        return bucketPrefix(namespace, id.charAt(0)) + id;
    }

    /** The Redis key of a session's lock, in the same cluster slot as the session. */
    public static String lockKey(String namespace, String id) {
        return key(namespace, id) + ":lock";
    }

    /**
     * The Redis key of the set of {@code principal}'s sessions in the bucket of {@code id}, in the
     * same cluster slot as the session: named by the SHA-1 of the name, so a name of any length or
     * character makes a key of one shape.
     */
    public static String userKey(String namespace, String id, String principal) {
        return bucketPrefix(namespace, id.charAt(0)) + "user:" + Sha1.hex(principal);
    }

    /** The Redis key of the expiry index of the bucket of {@code id}, in the same cluster slot as the session. */
    public static String indexKey(String namespace, String id) {
        return bucketPrefix(namespace, id.charAt(0)) + "expiry";
    }

    private static String bucketPrefix(String namespace, char bucket) {
        return namespace + ":{" + bucket + "}:";
    }

    /**
     * Writes that count as done only once {@code replicas} replicas of the master confirm them
     * (Redis {@code WAIT}, sent with the write in one pipeline: the same round trip, which lasts
     * until the replicas answer or {@code timeout} passes). Zero replicas: no {@code WAIT}.
     */
    public record ReplicaWait(int replicas, Duration timeout) {
        /** No wait: a write is done when the master has it. */
        public static final ReplicaWait NONE = new ReplicaWait(0, Duration.ZERO);
    }

    @Override
    public Optional<StoredSession> load(String id, long now) {
        byte[] lazy = lazyAboveArg;
        List<Object> fields = load.run(id, RScript.ReturnType.LIST, ascii(now), lazy);
        if (fields == null || fields.isEmpty()) {
            return Optional.empty();
        }
        if (fields.size() == 1 && Long.valueOf(OTHER_FORMAT).equals(fields.get(0))) {
            throw otherFormat();
        }
        return Optional.of(lazy.length == 0 ? toSession(id, fields, 0) : toDeferringSession(id, fields, 0));
    }

    @Override
    public LockAttempt lockAndLoad(String id, long now, long leaseMillis) {
        byte[] lazy = lazyAboveArg;
        List<Object> reply = lockAndLoad.run(id, RScript.ReturnType.LIST, ascii(now), ascii(leaseMillis), lazy);
        long status = (Long) reply.get(0);
        if (status == OTHER_FORMAT) {
            throw otherFormat();
        }
        if (status == 0) {
            return LockAttempt.absent();
        }
        if (status < 0) {
            return LockAttempt.busy();
        }
        return LockAttempt.locked(status, lazy.length == 0 ? toSession(id, reply, 1) : toDeferringSession(id, reply, 1));
    }

    @Override
    public void create(StoredSession session) {
        create(session, true);
    }

    /** @param durable whether to wait for {@code redis.wait-replicas} replicas */
    private void create(StoredSession session, boolean durable) {
        List<Object> args = new ArrayList<>(6 + 2 * session.attributes().size());
        add(args, CREATED, ascii(session.creationTime()));
        add(args, ACCESSED, ascii(session.lastAccessedTime()));
        add(args, MAX_INACTIVE, ascii(session.maxInactiveInterval()));
        add(args, FORMAT, FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
        if (session.principal() != null) {
            add(args, PRINCIPAL, utf8(session.principal()));
        }
        session.attributes().forEach((name, value) -> add(args, ATTRIBUTE_PREFIX + name, value));
        if (durable) {
            create.runDurable(session.id(), RScript.ReturnType.LONG, args.toArray());
        } else {
            create.run(session.id(), RScript.ReturnType.LONG, args.toArray());
        }
    }

    @Override
    public SaveOutcome save(SessionChanges changes) {
        List<Object> args = new ArrayList<>(6 + 2 * changes.setAttributes().size() + changes.removedAttributes().size());
        args.add(ascii(System.currentTimeMillis()));
        args.add(changes.maxInactiveInterval() == null ? EMPTY : ascii(changes.maxInactiveInterval()));
        args.add(fence(changes));
        args.add(changes.unlock() ? ONE : EMPTY);
        args.add(changes.principal() == null ? EMPTY
                : changes.principal().isEmpty() ? NO_USER : utf8("=" + changes.principal()));
        args.add(ascii(changes.setAttributes().size()));
        changes.setAttributes().forEach((name, value) -> add(args, ATTRIBUTE_PREFIX + name, value));
        changes.removedAttributes().forEach(name -> args.add(utf8(ATTRIBUTE_PREFIX + name)));
        Long reply = save.runDurable(changes.id(), RScript.ReturnType.LONG, args.toArray());
        if (reply != null && reply == OTHER_FORMAT) {
            throw otherFormat();
        }
        return outcome(reply);
    }

    @Override
    public SaveOutcome changeId(String oldId, SessionChanges changes) {
        // Not waited for replicas: a 503 for too few of them, once the session has left its old
        // id, would leave the client knowing neither id.
        List<Object> reply = take.run(oldId, RScript.ReturnType.LIST, ascii(System.currentTimeMillis()), fence(changes));
        if ((Long) reply.get(0) == OTHER_FORMAT) {
            throw otherFormat();
        }
        SaveOutcome outcome = outcome((Long) reply.get(0));
        if (outcome != SaveOutcome.SAVED) {
            return outcome;
        }
        StoredSession old = toSession(oldId, reply, 1);
        Map<String, byte[]> attributes = old.attributes();
        attributes.keySet().removeAll(changes.removedAttributes());
        attributes.putAll(changes.setAttributes());
        int interval = changes.maxInactiveInterval() != null ? changes.maxInactiveInterval() : old.maxInactiveInterval();
        create(new StoredSession(changes.id(), old.creationTime(), old.lastAccessedTime(), interval, attributes,
                old.principal()).withPrincipalOf(changes), false);
        return SaveOutcome.SAVED;
    }

    /**
     * The DELETE script when there is a fence to check, an index entry to remove or replicas to
     * wait for; otherwise there is nothing to decide, and a plain DEL of the session and its lock
     * does the same work.
     */
    @Override
    public SaveOutcome delete(String id, SessionLock lock) {
        if (lock instanceof SessionLock.Held held) {
            return outcome(delete.runDurable(id, RScript.ReturnType.LONG, ascii(held.fence())));
        }
        if (expiry.kept() || replicaWait.replicas() > 0) {
            return outcome(delete.runDurable(id, RScript.ReturnType.LONG, EMPTY));
        }
        try {
            return await(client.getKeys().deleteAsync(key(namespace, id), lockKey(namespace, id)), "DEL") > 0
                    ? SaveOutcome.SAVED : SaveOutcome.GONE;
        } catch (RedisException e) {
            throw failure("DEL", e);
        }
    }

    /** One CLAIM per bucket, all in one batch: Redisson sends it as one round trip per Redis node. */
    @Override
    public List<StoredSession> claimExpired(long now, int limit, long claimMillis) {
        if (!expiry.kept()) {
            return List.of();
        }
        byte[] perBucket = ascii(Math.max(1, (limit + BUCKETS.length() - 1) / BUCKETS.length()));
        Object[] args = {ascii(now), perBucket, ascii(claimMillis), ascii(expiry.horizonMillis()), null};
        List<?> replies;
        try {
            try {
                replies = claimBatch(args);
            } catch (RedisException e) {
                loadAfterNoScript(claim, e);
                replies = claimBatch(args);
            }
        } catch (RedisException e) {
            throw failure("the expiry claim", e);
        }
        List<StoredSession> claimed = new ArrayList<>();
        for (Object reply : replies) {
            List<?> flat = (List<?>) reply;
            for (int i = 0; i + 1 < flat.size(); ) {
                String id = ascii((byte[]) flat.get(i));
                int n = ((Long) flat.get(i + 1)).intValue();
                claimed.add(toSession(id, flat.subList(i + 2, i + 2 + n), 0));
                i += 2 + n;
            }
        }
        return claimed;
    }

    private List<?> claimBatch(Object[] template) {
        RBatch batch = client.createBatch();
        RScriptAsync batchScript = batch.getScript(ByteArrayCodec.INSTANCE);
        for (int b = 0; b < BUCKETS.length(); b++) {
            String prefix = bucketPrefix(namespace, BUCKETS.charAt(b));
            String index = prefix + "expiry";
            Object[] args = template.clone();
            args[4] = utf8(prefix);
            batchScript.evalShaAsync(index, RScript.Mode.READ_WRITE, claim.sha, RScript.ReturnType.LIST, List.of(index), args);
        }
        return await(batch.executeAsync(), "the expiry claim").getResponses();
    }

    /**
     * After NOSCRIPT in a batch (first use, restart, failover): loads the script on every master
     * so the batch can be sent again by digest; any other failure is rethrown.
     */
    private void loadAfterNoScript(Script which, RedisException e) {
        if (!(e instanceof RedisNoScriptException) && !String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
            throw e;
        }
        script.scriptLoad(which.source);
    }

    /** One FINISH per session, all in one batch: one round trip per Redis node. */
    @Override
    public void finishExpired(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            try {
                finishBatch(ids);
            } catch (RedisException e) {
                loadAfterNoScript(finish, e);
                finishBatch(ids);
            }
        } catch (RedisException e) {
            throw failure("the end of an expiry", e);
        }
    }

    private void finishBatch(List<String> ids) {
        RBatch batch = client.createBatch();
        RScriptAsync batchScript = batch.getScript(ByteArrayCodec.INSTANCE);
        for (String id : ids) {
            String key = key(namespace, id);
            List<Object> keys = List.of(key, lockKey(namespace, id), indexKey(namespace, id));
            Object[] args = {horizonArg, utf8(id)};
            batchScript.evalShaAsync(key, RScript.Mode.READ_WRITE, finish.sha, RScript.ReturnType.LONG, keys, args);
        }
        await(batch.executeAsync(), "the end of expiries");
    }

    /**
     * One USERS script per bucket, all in one batch: one round trip per Redis node. Sessions come
     * with their metadata and no attributes.
     */
    @Override
    public List<StoredSession> sessionsOf(String principal, long now) {
        List<?> replies;
        try {
            try {
                replies = usersBatch(principal, now);
            } catch (RedisException e) {
                loadAfterNoScript(users, e);
                replies = usersBatch(principal, now);
            }
        } catch (RedisException e) {
            throw failure("the sessions of a user", e);
        }
        List<StoredSession> found = new ArrayList<>();
        for (Object reply : replies) {
            List<?> flat = (List<?>) reply;
            for (int i = 0; i + 3 < flat.size(); i += 4) {
                found.add(new StoredSession(ascii((byte[]) flat.get(i)), Long.parseLong(ascii((byte[]) flat.get(i + 1))),
                        Long.parseLong(ascii((byte[]) flat.get(i + 2))), Integer.parseInt(ascii((byte[]) flat.get(i + 3))),
                        new HashMap<>(), principal));
            }
        }
        return found;
    }

    private List<?> usersBatch(String principal, long now) {
        RBatch batch = client.createBatch();
        RScriptAsync batchScript = batch.getScript(ByteArrayCodec.INSTANCE);
        byte[] name = utf8(principal);
        byte[] at = ascii(now);
        String user = "user:" + Sha1.hex(principal);
        for (int b = 0; b < BUCKETS.length(); b++) {
            String prefix = bucketPrefix(namespace, BUCKETS.charAt(b));
            String set = prefix + user;
            batchScript.evalShaAsync(set, RScript.Mode.READ_WRITE, users.sha, RScript.ReturnType.LIST, List.of(set),
                    at, utf8(prefix), name);
        }
        return await(batch.executeAsync(), "the sessions of a user").getResponses();
    }

    /** One ZCOUNT per bucket, all in one batch: one round trip per Redis node, O(log n) each. */
    @Override
    public OptionalLong countActive(long now) {
        if (!expiry.kept()) {
            return OptionalLong.empty();
        }
        RBatch batch = client.createBatch();
        for (int b = 0; b < BUCKETS.length(); b++) {
            batch.getScoredSortedSet(bucketPrefix(namespace, BUCKETS.charAt(b)) + "expiry", ByteArrayCodec.INSTANCE)
                    .countAsync(now, false, Double.POSITIVE_INFINITY, true);
        }
        try {
            long count = 0;
            for (Object reply : await(batch.executeAsync(), "the count of active sessions").getResponses()) {
                count += ((Number) reply).longValue();
            }
            return OptionalLong.of(count);
        } catch (RedisException e) {
            throw failure("the count of active sessions", e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.shutdown();
        }
        if (onClose != null) {
            onClose.run();
        }
    }

    /**
     * Loads leave out attributes larger than {@code bytes} as stored ({@code attribute.lazy-above}),
     * naming them and their sizes; {@link #attribute} fetches one when it is read.
     */
    public RedisSessionStore lazyAbove(int bytes) {
        this.lazyAboveArg = ascii(bytes);
        return this;
    }

    /** Runs {@code release} when the store closes: how a shared client learns one user is gone. */
    RedisSessionStore onClose(Runnable release) {
        this.onClose = release;
        return this;
    }

    private static SaveOutcome outcome(Long reply) {
        if (reply == null || reply == 0) {
            return SaveOutcome.GONE;
        }
        return reply > 0 ? SaveOutcome.SAVED : SaveOutcome.FENCED;
    }

    private static byte[] fence(SessionChanges changes) {
        return changes.lock() instanceof SessionLock.Held held ? ascii(held.fence()) : EMPTY;
    }

    /**
     * The FETCH script and an HGET in one batch, one round trip, both on the master (see
     * {@link SessionScripts#FETCH}): the session's expiry is not moved. The two run one after the
     * other, not atomically: a session invalidated in between reads as absent, an attribute
     * replaced in between reads as its new value, as it would a moment later.
     */
    @Override
    public Optional<byte[]> attribute(String id, String name) {
        try {
            try {
                return fetchBatch(id, name);
            } catch (RedisException e) {
                loadAfterNoScript(fetch, e);
                return fetchBatch(id, name);
            }
        } catch (RedisException e) {
            throw failure("an attribute fetch", e);
        }
    }

    private Optional<byte[]> fetchBatch(String id, String name) {
        String key = key(namespace, id);
        RBatch batch = client.createBatch();
        batch.getScript(ByteArrayCodec.INSTANCE).evalShaAsync(key, RScript.Mode.READ_WRITE, fetch.sha,
                RScript.ReturnType.LONG, fetch.keys(id), fetch.args(id, new Object[] {ascii(System.currentTimeMillis())}));
        batch.<byte[], byte[]>getMap(key, ByteArrayCodec.INSTANCE).getAsync(utf8(ATTRIBUTE_PREFIX + name));
        List<?> replies = await(batch.executeAsync(), "an attribute fetch").getResponses();
        if (!Long.valueOf(1).equals(replies.get(0))) {
            return Optional.empty();
        }
        return Optional.ofNullable((byte[]) replies.get(1));
    }

    /** The session from a LOAD reply that defers: {k, name, size, ..., fields...} from {@code first}. */
    private static StoredSession toDeferringSession(String id, List<?> reply, int first) {
        int count = ((Long) reply.get(first)).intValue();
        if (count == 0) {
            return toSession(id, reply, first + 1);
        }
        Map<String, Integer> deferred = new HashMap<>(2 * count);
        for (int i = 0; i < count; i++) {
            deferred.put(new String((byte[]) reply.get(first + 1 + 2 * i), StandardCharsets.UTF_8),
                    ((Long) reply.get(first + 2 + 2 * i)).intValue());
        }
        StoredSession session = toSession(id, reply, first + 1 + 2 * count);
        return new StoredSession(id, session.creationTime(), session.lastAccessedTime(), session.maxInactiveInterval(),
                session.attributes(), session.principal(), deferred);
    }

    /** The session from a flat field/value list starting at index {@code first}. */
    private static StoredSession toSession(String id, List<?> fields, int first) {
        long created = 0;
        long accessed = 0;
        int interval = 0;
        String principal = null;
        Map<String, byte[]> attributes = new HashMap<>(fields.size());
        for (int i = first; i + 1 < fields.size(); i += 2) {
            String field = new String((byte[]) fields.get(i), StandardCharsets.UTF_8);
            byte[] value = (byte[]) fields.get(i + 1);
            if (field.startsWith(ATTRIBUTE_PREFIX)) {
                attributes.put(field.substring(ATTRIBUTE_PREFIX.length()), value);
            } else if (field.equals(CREATED)) {
                created = Long.parseLong(ascii(value));
            } else if (field.equals(ACCESSED)) {
                accessed = Long.parseLong(ascii(value));
            } else if (field.equals(MAX_INACTIVE)) {
                interval = Integer.parseInt(ascii(value));
            } else if (field.equals(PRINCIPAL)) {
                principal = new String(value, StandardCharsets.UTF_8);
            }
        }
        return new StoredSession(id, created, accessed, interval, attributes, principal);
    }

    private static void add(List<Object> args, String field, byte[] value) {
        args.add(utf8(field));
        args.add(value);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private OtherFormatException otherFormat() {
        return new OtherFormatException("a session in Redis " + target + " has another stored format than this "
                + "version of the library reads and writes (" + FORMAT_VERSION + "), written by another version of it; "
                + "it is left untouched");
    }

    /** Whether Redis refused a write for memory ({@code OOM command not allowed when used memory > 'maxmemory'}). */
    private static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.startsWith("OOM ") || message.contains("used memory > 'maxmemory'"))) {
                return true;
            }
        }
        return false;
    }

    /** HGETALL, no script: Redis serves reads at maxmemory. The session's expiry is not moved. */
    @Override
    public Optional<StoredSession> peek(String id, long now) {
        Map<Object, Object> fields;
        try {
            fields = await(client.getMap(key(namespace, id), ByteArrayCodec.INSTANCE).readAllMapAsync(), "HGETALL");
        } catch (RedisException e) {
            throw failure("HGETALL", e);
        }
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        List<Object> flat = new ArrayList<>(2 * fields.size());
        fields.forEach((field, value) -> {
            flat.add(field);
            flat.add(value);
        });
        String format = fields.entrySet().stream()
                .filter(field -> FORMAT.equals(new String((byte[]) field.getKey(), StandardCharsets.UTF_8)))
                .map(field -> new String((byte[]) field.getValue(), StandardCharsets.US_ASCII)).findFirst().orElse(FORMAT_VERSION);
        if (!FORMAT_VERSION.equals(format)) {
            throw otherFormat();
        }
        StoredSession session = toSession(id, flat, 0);
        if (session.maxInactiveInterval() > 0
                && session.lastAccessedTime() + session.maxInactiveInterval() * 1000L <= now) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /**
     * Waits for a call at most what the request's budget has left ({@code redis.request-budget}),
     * whatever retries Redisson's own settings would still make, and takes the wait off the budget.
     *
     * @throws RedisException as the call failed
     * @throws SessionStoreException when the budget runs out first
     */
    private <R> R await(RFuture<R> call, String operation) {
        long left = StoreBudget.leftNanos(budgetNanos);
        long start = System.nanoTime();
        String limit = "the request's budget of " + (budget.toMillis() % 1000 == 0 ? budget.toSeconds() + "s"
                : budget.toMillis() + "ms") + " (redis.request-budget)";
        if (left <= 0) {
            // Spent by the request's earlier calls: this one never asked, so it says nothing of Redis.
            call.cancel(false);
            throw new SessionStoreException("the request had spent " + limit + " before " + operation, null);
        }
        try {
            return call.toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(false);
            throw new StoreUnreachableException("Redis " + target + " did not answer " + operation + " within " + limit);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisException redis) {
                throw redis;
            }
            throw new SessionStoreException("Redis " + target + " failed on " + operation + ": "
                    + describe(e.getCause()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(false);
            throw new SessionStoreException("interrupted while waiting for Redis " + target + " on " + operation, null);
        } finally {
            StoreBudget.spent(System.nanoTime() - start);
        }
    }

    private SessionStoreException failure(String operation, RedisException e) {
        if (isOutOfMemory(e)) {
            return new StoreFullException("Redis " + target + " is out of memory (used memory over maxmemory; it "
                    + "answered OOM) on " + operation);
        }
        String message = "Redis " + target + " failed on " + operation + ": " + describe(e);
        return isUnreachable(e) ? new StoreUnreachableException(message) : new SessionStoreException(message, null);
    }

    /** Whether Redis could not be reached: no connection, no answer in time, or a node failing over or loading. */
    private static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisConnectionException || t instanceof RedisTimeoutException
                    || t instanceof RedisNodeNotFoundException || t instanceof RedisRetryException
                    || t instanceof RedisMasterDownException || t instanceof RedisReadonlyException
                    || t instanceof RedisBusyException || t instanceof RedisReconnectedException
                    || t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The outermost and the innermost message, Redisson's own and the network's actual reason,
     * each without secrets and command details (redacted apart, so the parentheses survive).
     */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = e.getMessage() == null ? null : WRAPPER_PREFIX.matcher(e.getMessage()).replaceFirst("");
        String inner = root.getMessage();
        if (root == e || inner == null || (outer != null && outer.contains(inner))) {
            return Secrets.redact(outer);
        }
        return Secrets.redact(outer) + " (" + Secrets.redact(inner) + ")";
    }

    /**
     * One script, sent by its SHA-1 digest so a request costs one small EVALSHA. When Redis does
     * not know the digest (first use, restart, failover) it is sent whole once with EVAL, which
     * also caches it on that server.
     */
    private final class Script {
        private final String source;
        private final String sha;

        Script(String source) {
            this.source = source;
            this.sha = Sha1.hex(source);
        }

        /** Runs the script on the keys of session {@code id}, with ARGV[1] the horizon and ARGV[2] the id. */
        <R> R run(String id, RScript.ReturnType returnType, Object... own) {
            String key = key(namespace, id);
            List<Object> keys = keys(id);
            Object[] args = args(id, own);
            try {
                try {
                    return await(script.evalShaAsync(key, RScript.Mode.READ_WRITE, sha, returnType, keys, args),
                            "a session script");
                } catch (RedisNoScriptException e) {
                    return await(script.evalAsync(key, RScript.Mode.READ_WRITE, source, returnType, keys, args),
                            "a session script");
                }
            } catch (RedisException e) {
                throw failure("a session script", e);
            }
        }

        /**
         * As {@link #run}, for a write that must reach {@link ReplicaWait#replicas()} replicas: the
         * script and a {@code WAIT} go in one batch, and too few confirmations fail the call
         * (the master has the write; it may or may not survive a failover).
         */
        <R> R runDurable(String id, RScript.ReturnType returnType, Object... own) {
            if (replicaWait.replicas() == 0) {
                return run(id, returnType, own);
            }
            String key = key(namespace, id);
            List<Object> keys = keys(id);
            Object[] args = args(id, own);
            BatchResult<?> result;
            try {
                try {
                    result = durableBatch(key, returnType, keys, args);
                } catch (RedisException e) {
                    loadAfterNoScript(this, e);
                    result = durableBatch(key, returnType, keys, args);
                }
            } catch (RedisException e) {
                throw failure("a session script", e);
            }
            if (result.getSyncedSlaves() < replicaWait.replicas()) {
                throw new SessionStoreException("Redis " + target + " saved a session on its master, but only "
                        + result.getSyncedSlaves() + " of " + replicaWait.replicas() + " replica(s) confirmed it "
                        + "within redis.wait-timeout (" + replicaWait.timeout().toMillis() + " ms): it may be lost "
                        + "if the master fails now", null);
            }
            @SuppressWarnings("unchecked")
            R reply = (R) result.getResponses().get(0);
            return reply;
        }

        /** KEYS of every session script: the session, its lock, its bucket's expiry index. */
        private List<Object> keys(String id) {
            return List.of(key(namespace, id), lockKey(namespace, id), indexKey(namespace, id));
        }

        /** ARGV: the horizon, the id, then the script's own arguments. */
        private Object[] args(String id, Object[] own) {
            Object[] args = new Object[own.length + 2];
            args[0] = horizonArg;
            args[1] = utf8(id);
            System.arraycopy(own, 0, args, 2, own.length);
            return args;
        }

        private BatchResult<?> durableBatch(String key, RScript.ReturnType returnType, List<Object> keys, Object[] args) {
            RBatch batch = client.createBatch(BatchOptions.defaults().sync(replicaWait.replicas(), replicaWait.timeout()));
            batch.getScript(ByteArrayCodec.INSTANCE).evalShaAsync(key, RScript.Mode.READ_WRITE, sha, returnType, keys, args);
            return await(batch.executeAsync(), "a session script");
        }
    }
}
