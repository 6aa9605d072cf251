package dev.portablesession.internal.store.redis;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lua scripts behind every session operation: each one reads or writes one session
 * atomically in a single round trip.
 *
 * <p>Hash layout: metadata fields start with {@code m:}, attribute fields with {@code a:}, so no
 * attribute name can collide with metadata. The key's own TTL is the expiry. With
 * {@code lock.mode=exclusive}, {@code m:fence} counts lock acquisitions and the lock itself is
 * the key {@code <session key>:lock} (same hash tag, so the same cluster slot) holding the fencing
 * token of its holder, with the lease as its TTL.
 *
 * <p>Every script takes KEYS[1] = the session, KEYS[2] = its lock. The scripts name hash fields
 * through placeholders ({@code $ACCESSED}) for the constants below, resolved once when the class is
 * loaded, so the field names are spelled in one place; the SHA-1 of a script is that of its final
 * text.
 */
final class SessionScripts {

    static final String CREATED = "m:created";
    static final String ACCESSED = "m:accessed";
    static final String MAX_INACTIVE = "m:max-inactive";
    static final String ATTRIBUTE_PREFIX = "a:";
    /** Counts lock acquisitions: the fencing token of the latest one. */
    static final String FENCE = "m:fence";

    /** Placeholder → field name. */
    private static final Map<String, String> FIELDS = Map.of(
            "ACCESSED", ACCESSED, "MAX_INACTIVE", MAX_INACTIVE, "FENCE", FENCE);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$([A-Z_]+)");

    /**
     * Sets the key's expiry from the max inactive interval in seconds: the one given, else the one
     * stored in the hash. None or 0 means never.
     */
    private static final String EXPIRE = """
            local function expire(key, interval)
              interval = interval or tonumber(redis.call('HGET', key, $MAX_INACTIVE))
              if interval and interval > 0 then
                redis.call('PEXPIRE', key, interval * 1000)
              else
                redis.call('PERSIST', key)
              end
            end
            """;

    /**
     * Calls a variadic command over ARGV[first..last] in slices, because unpack() of thousands of
     * arguments overflows the Lua stack. The step is even so field/value pairs stay together.
     */
    private static final String IN_SLICES = """
            local function in_slices(command, key, first, last)
              for s = first, last, 1000 do
                redis.call(command, key, unpack(ARGV, s, math.min(s + 999, last)))
              end
            end
            """;

    /**
     * Returns the hash as it was (so the caller sees the previous access time), or nil. Moves the
     * access time forward only, never back, when requests overlap, and restarts the expiry.
     */
    private static final String LOAD_AND_TOUCH = EXPIRE + """
            local function load_and_touch(key, now)
              local fields = redis.call('HGETALL', key)
              if #fields == 0 then return nil end
              local accessed, interval
              for i = 1, #fields, 2 do
                if fields[i] == $ACCESSED then accessed = tonumber(fields[i + 1])
                elseif fields[i] == $MAX_INACTIVE then interval = tonumber(fields[i + 1]) end
              end
              if interval == nil then return nil end
              if accessed == nil or tonumber(now) > accessed then
                redis.call('HSET', key, $ACCESSED, now)
              end
              expire(key, interval)
              return fields
            end
            """;

    /** Whether a write carrying fencing token {@code fence} ('' for none) may proceed. */
    private static final String FENCE_HOLDS = """
            local function fence_holds(key, fence)
              return fence == '' or redis.call('HGET', key, $FENCE) == fence
            end
            """;

    /** ARGV[1] now in ms. */
    static final String LOAD = script(LOAD_AND_TOUCH + """
            return load_and_touch(KEYS[1], ARGV[1])
            """);

    /**
     * ARGV[1] now in ms, ARGV[2] lease in ms. Returns {0} when there is no session, {-1} when
     * another request holds the lock, else {fencing token, the hash as it was...}.
     */
    static final String LOCK_AND_LOAD = script(LOAD_AND_TOUCH + """
            if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
            if redis.call('EXISTS', KEYS[2]) == 1 then return {-1} end
            local fence = redis.call('HINCRBY', KEYS[1], $FENCE, 1)
            redis.call('SET', KEYS[2], fence, 'PX', ARGV[2])
            local fields = load_and_touch(KEYS[1], ARGV[1])
            if fields == nil then return {0} end
            table.insert(fields, 1, fence)
            return fields
            """);

    /** ARGV field/value pairs including metadata. Idempotent. */
    static final String CREATE = script(EXPIRE + IN_SLICES + """
            in_slices('HSET', KEYS[1], 1, #ARGV)
            expire(KEYS[1])
            return 1
            """);

    /**
     * ARGV[1] new max inactive interval or ''; ARGV[2] fencing token or ''; ARGV[3] '1' to
     * release the lock; ARGV[4] number n of set pairs; then n field/value pairs; then the fields to
     * delete. Returns 1 when written, 0 without writing when the session is gone (a concurrent
     * invalidate is never undone), -1 without writing when another request took the lock since.
     */
    static final String SAVE = script(EXPIRE + IN_SLICES + FENCE_HOLDS + """
            local function unlock()
              if ARGV[3] == '1' and redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
            end
            if redis.call('EXISTS', KEYS[1]) == 0 then
              unlock()
              return 0
            end
            if not fence_holds(KEYS[1], ARGV[2]) then return -1 end
            if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], $MAX_INACTIVE, ARGV[1]) end
            local pairs_end = 4 + 2 * tonumber(ARGV[4])
            if pairs_end > 4 then in_slices('HSET', KEYS[1], 5, pairs_end) end
            if #ARGV > pairs_end then in_slices('HDEL', KEYS[1], pairs_end + 1, #ARGV) end
            expire(KEYS[1])
            unlock()
            return 1
            """);

    /**
     * ARGV[1] fencing token or ''. Returns the whole hash and deletes it with its lock, or {0}
     * when the session is gone, {-1} when another request took the lock since: the first half of
     * moving a session to a new id. Whoever takes it owns the move; saves under the old id fail
     * from then on.
     */
    static final String TAKE = script(FENCE_HOLDS + """
            local fields = redis.call('HGETALL', KEYS[1])
            if #fields == 0 then return {0} end
            if not fence_holds(KEYS[1], ARGV[1]) then return {-1} end
            redis.call('DEL', KEYS[1], KEYS[2])
            table.insert(fields, 1, 1)
            return fields
            """);

    private SessionScripts() {
    }

    /** The script with every {@code $NAME} replaced by the field name as a Lua string literal. */
    private static String script(String source) {
        Matcher placeholder = PLACEHOLDER.matcher(source);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String field = FIELDS.get(placeholder.group(1));
            if (field == null) {
                throw new IllegalStateException("unknown field placeholder " + placeholder.group());
            }
            placeholder.appendReplacement(out, Matcher.quoteReplacement("'" + field + "'"));
        }
        return placeholder.appendTail(out).toString();
    }
}
