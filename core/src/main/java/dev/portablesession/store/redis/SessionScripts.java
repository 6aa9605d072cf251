package dev.portablesession.store.redis;

/**
 * The Lua scripts behind every session operation: each one reads or writes one session hash
 * atomically in a single round trip.
 *
 * <p>Hash layout: metadata fields start with {@code m:}, attribute fields with {@code a:}, so no
 * attribute name can collide with metadata. The key's own TTL is the expiry.
 */
final class SessionScripts {

    static final String CREATED = "m:created";
    static final String ACCESSED = "m:accessed";
    static final String MAX_INACTIVE = "m:max-inactive";
    static final String ATTRIBUTE_PREFIX = "a:";

    /** Sets the key's expiry from the max inactive interval stored in the hash. */
    private static final String EXPIRE_FROM_HASH = """
            local function expire(key)
              local m = tonumber(redis.call('HGET', key, 'm:max-inactive'))
              if m and m > 0 then
                redis.call('PEXPIRE', key, m * 1000)
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
     * KEYS[1] session; ARGV[1] now in ms. Returns the hash as it was (so the caller sees the
     * previous access time), or nil. Moves the access time forward only, never back, when
     * requests overlap, and restarts the expiry.
     */
    static final String LOAD = """
            local fields = redis.call('HGETALL', KEYS[1])
            if #fields == 0 then return nil end
            local accessed, interval
            for i = 1, #fields, 2 do
              if fields[i] == 'm:accessed' then accessed = tonumber(fields[i + 1])
              elseif fields[i] == 'm:max-inactive' then interval = tonumber(fields[i + 1]) end
            end
            if interval == nil then return nil end
            if accessed == nil or tonumber(ARGV[1]) > accessed then
              redis.call('HSET', KEYS[1], 'm:accessed', ARGV[1])
            end
            if interval > 0 then
              redis.call('PEXPIRE', KEYS[1], interval * 1000)
            else
              redis.call('PERSIST', KEYS[1])
            end
            return fields
            """;

    /** KEYS[1] session; ARGV field/value pairs including metadata. Idempotent. */
    static final String CREATE = EXPIRE_FROM_HASH + IN_SLICES + """
            in_slices('HSET', KEYS[1], 1, #ARGV)
            expire(KEYS[1])
            return 1
            """;

    /**
     * KEYS[1] session; ARGV[1] new max inactive interval or ''; ARGV[2] number n of set pairs;
     * then n field/value pairs; then the fields to delete. Returns 0 without writing when the
     * session is gone, so a concurrent invalidate is never undone.
     */
    static final String SAVE = EXPIRE_FROM_HASH + IN_SLICES + """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'm:max-inactive', ARGV[1]) end
            local pairs_end = 2 + 2 * tonumber(ARGV[2])
            if pairs_end > 2 then in_slices('HSET', KEYS[1], 3, pairs_end) end
            if #ARGV > pairs_end then in_slices('HDEL', KEYS[1], pairs_end + 1, #ARGV) end
            expire(KEYS[1])
            return 1
            """;

    /**
     * KEYS[1] session. Returns the whole hash and deletes it, or nil: the first half of moving
     * a session to a new id. Whoever takes it owns the move; saves under the old id fail from
     * then on.
     */
    static final String TAKE = """
            local fields = redis.call('HGETALL', KEYS[1])
            if #fields == 0 then return nil end
            redis.call('DEL', KEYS[1])
            return fields
            """;

    private SessionScripts() {
    }
}
