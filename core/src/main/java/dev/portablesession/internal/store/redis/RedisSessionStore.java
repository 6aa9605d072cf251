package dev.portablesession.internal.store.redis;

import static dev.portablesession.internal.store.redis.SessionScripts.ACCESSED;
import static dev.portablesession.internal.store.redis.SessionScripts.ATTRIBUTE_PREFIX;
import static dev.portablesession.internal.store.redis.SessionScripts.CREATED;
import static dev.portablesession.internal.store.redis.SessionScripts.MAX_INACTIVE;

import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.LockAttempt;
import dev.portablesession.internal.store.SaveOutcome;
import dev.portablesession.internal.store.SessionStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Sessions in Redis, one hash per session under {@code <namespace>:{<id>}}. The braces are a
 * Redis Cluster hash tag: every key of a session lands in one slot.
 *
 * <p>Every operation is one Lua script, so one round trip, except {@link #changeId}, which takes
 * two because the old and the new key may live on different cluster nodes. The lock of
 * {@code lock.mode=exclusive} is the key {@code <namespace>:{<id>}:lock}, in the same slot.
 */
public final class RedisSessionStore implements SessionStore {

    /** "java.util.concurrent.ExecutionException: org.redisson...Exception: " in front of the real message. */
    private static final Pattern WRAPPER_PREFIX = Pattern.compile("^([\\w.$]+(Exception|Error): )+");

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] ONE = {'1'};

    private final RedissonClient client;
    private final boolean ownsClient;
    private final String keyPrefix;
    private final String target;
    private final RScript script;
    private final Script load = new Script(SessionScripts.LOAD);
    private final Script create = new Script(SessionScripts.CREATE);
    private final Script save = new Script(SessionScripts.SAVE);
    private final Script take = new Script(SessionScripts.TAKE);
    private final Script lockAndLoad = new Script(SessionScripts.LOCK_AND_LOAD);

    /**
     * @param client the Redisson client to use
     * @param ownsClient whether {@link #close()} shuts the client down (false for a client the
     *     application handed over and still owns)
     * @param namespace the key prefix; keys are {@code <namespace>:{<id>}}
     * @param target a description of the Redis target for error messages, without credentials
     */
    public RedisSessionStore(RedissonClient client, boolean ownsClient, String namespace, String target) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.keyPrefix = namespace + ":{";
        this.target = target;
        this.script = client.getScript(ByteArrayCodec.INSTANCE);
    }

    /** The Redis key of a session. */
    public String key(String id) {
        return keyPrefix + id + "}";
    }

    /** The Redis key of a session's lock, in the same cluster slot as the session. */
    public String lockKey(String id) {
        return keyPrefix + id + "}:lock";
    }

    @Override
    public Optional<StoredSession> load(String id, long now) {
        List<Object> fields = load.run(id, RScript.ReturnType.LIST, ascii(now));
        if (fields == null || fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toSession(id, fields, 0));
    }

    @Override
    public LockAttempt lockAndLoad(String id, long now, long leaseMillis) {
        List<Object> reply = lockAndLoad.run(id, RScript.ReturnType.LIST, ascii(now), ascii(leaseMillis));
        long status = (Long) reply.get(0);
        if (status == 0) {
            return LockAttempt.absent();
        }
        if (status < 0) {
            return LockAttempt.busy();
        }
        return LockAttempt.locked(status, toSession(id, reply, 1));
    }

    @Override
    public void create(StoredSession session) {
        List<Object> args = new ArrayList<>(6 + 2 * session.attributes().size());
        add(args, CREATED, ascii(session.creationTime()));
        add(args, ACCESSED, ascii(session.lastAccessedTime()));
        add(args, MAX_INACTIVE, ascii(session.maxInactiveInterval()));
        session.attributes().forEach((name, value) -> add(args, ATTRIBUTE_PREFIX + name, value));
        create.run(session.id(), RScript.ReturnType.LONG, args.toArray());
    }

    @Override
    public SaveOutcome save(SessionChanges changes) {
        List<Object> args = new ArrayList<>(4 + 2 * changes.setAttributes().size() + changes.removedAttributes().size());
        args.add(changes.maxInactiveInterval() == null ? EMPTY : ascii(changes.maxInactiveInterval()));
        args.add(fence(changes));
        args.add(changes.unlock() ? ONE : EMPTY);
        args.add(ascii(changes.setAttributes().size()));
        changes.setAttributes().forEach((name, value) -> add(args, ATTRIBUTE_PREFIX + name, value));
        changes.removedAttributes().forEach(name -> args.add(utf8(ATTRIBUTE_PREFIX + name)));
        return outcome(save.run(changes.id(), RScript.ReturnType.LONG, args.toArray()));
    }

    @Override
    public SaveOutcome changeId(String oldId, SessionChanges changes) {
        List<Object> reply = take.run(oldId, RScript.ReturnType.LIST, fence(changes));
        SaveOutcome outcome = outcome((Long) reply.get(0));
        if (outcome != SaveOutcome.SAVED) {
            return outcome;
        }
        StoredSession old = toSession(oldId, reply, 1);
        Map<String, byte[]> attributes = old.attributes();
        attributes.keySet().removeAll(changes.removedAttributes());
        attributes.putAll(changes.setAttributes());
        int interval = changes.maxInactiveInterval() != null ? changes.maxInactiveInterval() : old.maxInactiveInterval();
        create(new StoredSession(changes.id(), old.creationTime(), old.lastAccessedTime(), interval, attributes));
        return SaveOutcome.SAVED;
    }

    @Override
    public void delete(String id) {
        try {
            client.getKeys().delete(key(id), lockKey(id));
        } catch (RedisException e) {
            throw failure("DEL", e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.shutdown();
        }
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

    /** The session from a flat field/value list starting at index {@code first}. */
    private static StoredSession toSession(String id, List<Object> fields, int first) {
        long created = 0;
        long accessed = 0;
        int interval = 0;
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
            }
        }
        return new StoredSession(id, created, accessed, interval, attributes);
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

    private SessionStoreException failure(String operation, RedisException e) {
        return new SessionStoreException("Redis " + target + " failed on " + operation + ": "
                + describe(e), null);
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

        /** Runs the script on the keys of session {@code id}. */
        <R> R run(String id, RScript.ReturnType returnType, Object... args) {
            String key = key(id);
            List<Object> keys = List.of(key, lockKey(id));
            try {
                try {
                    return script.evalSha(key, RScript.Mode.READ_WRITE, sha, returnType, keys, args);
                } catch (RedisNoScriptException e) {
                    return script.eval(key, RScript.Mode.READ_WRITE, source, returnType, keys, args);
                }
            } catch (RedisException e) {
                throw failure("a session script", e);
            }
        }
    }
}
