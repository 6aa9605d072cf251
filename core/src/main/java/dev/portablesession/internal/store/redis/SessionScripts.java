package dev.portablesession.internal.store.redis;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lua scripts behind every session operation: each one reads or writes one session, and its
 * entry in the expiry index, atomically in a single round trip.
 *
 * <p>Hash layout: metadata fields start with {@code m:}, attribute fields with {@code a:}, so no
 * attribute name can collide with metadata. With {@code lock.mode=exclusive}, {@code m:fence}
 * counts lock acquisitions and the lock itself is the key {@code <session key>:lock} holding the
 * fencing token of its holder, with the lease as its TTL.
 *
 * <p>Expiry is logical: a session is due at {@code m:accessed + m:max-inactive * 1000}, and once
 * that has passed every script but {@link #CLAIM}, {@link #FINISH} and {@link #DELETE} treats it
 * as gone without touching it. The expiry index of a bucket is a sorted set of session ids scored
 * by due time; the hash's TTL is the interval plus the horizon, so a claimer still reads the
 * data. Every key of a bucket (sessions, locks, index) carries the bucket's hash tag, so they
 * share one cluster slot and no script crosses slots.
 *
 * <p>Sessions by user: a session bound to a user ({@code principal} setting) names it in
 * {@code m:principal}, and its id is a member of the user's set in its bucket,
 * {@code <namespace>:{<b>}:user:<SHA-1 of the name>}: same hash tag, so the same slot as the
 * session, and written by the same script. Every script that deletes or moves a session takes it
 * out of that set, and the set's TTL covers its sessions' (restarted with theirs), so the set goes
 * with the last of them; an entry whose session vanished without a script (past the horizon with
 * no server to claim it) lasts as long as the set, and {@link #USERS} drops any entry whose session is
 * gone or belongs to someone else now.
 *
 * <p>Session scripts take KEYS[1] = the session, KEYS[2] = its lock, KEYS[3] = its bucket's index;
 * ARGV[1] = the horizon in ms, or {@code off} when no index is kept; ARGV[2] = the session id
 * (its index member); their own arguments follow from ARGV[3]. The scripts name hash fields
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
    /** The user the session belongs to, when bound to one. */
    static final String PRINCIPAL = "m:principal";
    /**
     * The version of this hash layout, written when a session is created; a hash without it (made
     * before the field existed) is version 1. A script meeting another version touches nothing
     * and answers {@link #OTHER_FORMAT}, so a server of an older version, during a rolling
     * upgrade, never overwrites a session a newer one wrote.
     */
    static final String FORMAT = "m:format";
    /** The one version this code reads and writes. */
    static final String FORMAT_VERSION = "1";
    /** The answer of a script that met a session of another format version. */
    static final long OTHER_FORMAT = -2;

    /** Placeholder → field name, or value. */
    private static final Map<String, String> FIELDS = Map.of(
            "ACCESSED", ACCESSED, "MAX_INACTIVE", MAX_INACTIVE, "FENCE", FENCE, "FORMAT", FORMAT,
            "FORMAT_VERSION", FORMAT_VERSION, "PRINCIPAL", PRINCIPAL, "CREATED", CREATED);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$([A-Z_]+)");

    /**
     * due(accessed, interval): the due time in ms, or nil when the session never expires.
     * schedule(accessed, interval): sets the hash's TTL and the session's index entry for that due
     * time; the index's own TTL grows to cover it plus the horizon, so an index nobody polls any
     * more goes too (to twice that when it runs short, so most calls need no PEXPIRE).
     * keep_alive(interval): restarts the hash's TTL, and keeps its user's set at least as long.
     * {@code principal} is the session's user, once live/alive has read it; user_key(name) is that
     * user's set in the session's bucket; bind(name, interval) adds the session to it and unbind
     * takes it out of its current user's. A set holding a session that never expires has no TTL
     * either; once it holds none any more (unbound, or its interval made positive), restore_ttl
     * gives it back the longest TTL of its members' hashes (and deletes a set left with no live
     * member), so no set keeps an expiring member for good.
     */
    private static final String SCHEDULE = """
            local indexed = ARGV[1] ~= 'off'
            local horizon = indexed and tonumber(ARGV[1]) or 0
            local principal = nil
            local function due(accessed, interval)
              if interval and interval > 0 then return (accessed or 0) + interval * 1000 end
              return nil
            end
            local function user_key(name)
              return string.sub(KEYS[1], 1, #KEYS[1] - #ARGV[2]) .. 'user:' .. redis.sha1hex(name)
            end
            local function restore_ttl(key)
              local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #ARGV[2])
              local keep = 0
              for _, id in ipairs(redis.call('SMEMBERS', key)) do
                local interval = tonumber(redis.call('HGET', prefix .. id, $MAX_INACTIVE))
                if interval and interval <= 0 then return end
                local ttl = redis.call('PTTL', prefix .. id)
                if ttl > keep then keep = ttl end
              end
              if keep > 0 then redis.call('PEXPIRE', key, keep) else redis.call('DEL', key) end
            end
            local function keep_user(interval, fresh)
              if not principal then return end
              local key = user_key(principal)
              if interval and interval > 0 then
                local keep = interval * 1000 + horizon
                local ttl = redis.call('PTTL', key)
                if ttl == -1 and not fresh then restore_ttl(key)
                elseif ttl == -2 then
                  -- The set is gone (deleted by hand): the session goes back in.
                  redis.call('SADD', key, ARGV[2])
                  redis.call('PEXPIRE', key, 2 * keep)
                elseif ttl < keep then redis.call('PEXPIRE', key, 2 * keep) end
              else
                redis.call('PERSIST', key)
              end
            end
            local function unbind()
              if principal then
                local key = user_key(principal)
                redis.call('SREM', key, ARGV[2])
                if redis.call('PTTL', key) == -1 then restore_ttl(key) end
              end
              principal = nil
            end
            local function bind(name, interval)
              principal = name
              local key = user_key(name)
              local fresh = redis.call('SADD', key, ARGV[2]) == 1 and redis.call('SCARD', key) == 1
              keep_user(interval, fresh)
            end
            local function keep_alive(interval)
              if interval and interval > 0 then
                redis.call('PEXPIRE', KEYS[1], interval * 1000 + horizon)
              else
                redis.call('PERSIST', KEYS[1])
              end
              keep_user(interval, false)
            end
            local function schedule(accessed, interval)
              keep_alive(interval)
              if not indexed then return end
              local at = due(accessed, interval)
              if at then
                redis.call('ZADD', KEYS[3], at, ARGV[2])
                local keep = interval * 1000 + horizon
                if redis.call('PTTL', KEYS[3]) < keep then redis.call('PEXPIRE', KEYS[3], 2 * keep) end
              else
                redis.call('ZREM', KEYS[3], ARGV[2])
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
     * live(now): the whole hash, its access time and interval, or nil when the session does not
     * exist or its due time has passed by {@code now} (then it is the expiry poller's, untouched);
     * false when the hash is of another format version.
     */
    private static final String LIVE = """
            local function live(now)
              local fields = redis.call('HGETALL', KEYS[1])
              if #fields == 0 then return nil end
              local accessed, interval
              for i = 1, #fields, 2 do
                if fields[i] == $ACCESSED then accessed = tonumber(fields[i + 1])
                elseif fields[i] == $MAX_INACTIVE then interval = tonumber(fields[i + 1])
                elseif fields[i] == $PRINCIPAL then principal = fields[i + 1]
                elseif fields[i] == $FORMAT and fields[i + 1] ~= $FORMAT_VERSION then return false end
              end
              if interval == nil then return nil end
              local at = due(accessed, interval)
              if at and at <= tonumber(now) then return nil end
              return fields, accessed, interval
            end
            """;

    /**
     * alive(now): like live, from the metadata alone (no copy of the attributes): true, the access
     * time and the interval, or nil.
     */
    private static final String ALIVE = """
            local function alive(now)
              local meta = redis.call('HMGET', KEYS[1], $ACCESSED, $MAX_INACTIVE, $FORMAT, $PRINCIPAL)
              if meta[3] and meta[3] ~= $FORMAT_VERSION then return false end
              principal = meta[4] or nil
              local accessed, interval = tonumber(meta[1]), tonumber(meta[2])
              if interval == nil then return nil end
              local at = due(accessed, interval)
              if at and at <= tonumber(now) then return nil end
              return true, accessed, interval
            end
            """;

    /**
     * touch(now, accessed, interval): moves the access time forward only, never back, when
     * requests overlap, and reschedules the expiry from it.
     */
    private static final String TOUCH = """
            local function touch(now, accessed, interval)
              now = tonumber(now)
              if accessed == nil or now > accessed then
                redis.call('HSET', KEYS[1], $ACCESSED, now)
                accessed = now
              end
              schedule(accessed, interval)
            end
            """;

    /**
     * deferring(fields, limit): the hash as a load answers it. With limit '' the fields as they
     * are; else {k, name, size, ... (k attributes longer than limit bytes, left out), the other
     * fields...}, so a request pays for a large attribute only when it reads it.
     * deferred_reply(deferred, kept) builds that reply, for fields_of too.
     */
    private static final String DEFERRING = """
            local function deferred_reply(deferred, kept)
              local reply = {#deferred / 2}
              for i = 1, #deferred do reply[i + 1] = deferred[i] end
              local n = #reply
              for i = 1, #kept do reply[n + i] = kept[i] end
              return reply
            end
            local function deferring(fields, limit)
              if limit == nil or limit == '' then return fields end
              limit = tonumber(limit)
              local deferred, kept = {}, {}
              for i = 1, #fields, 2 do
                local value = fields[i + 1]
                if #value > limit and string.sub(fields[i], 1, 2) == 'a:' then
                  table.insert(deferred, string.sub(fields[i], 3))
                  table.insert(deferred, #value)
                else
                  table.insert(kept, fields[i])
                  table.insert(kept, value)
                end
              end
              return deferred_reply(deferred, kept)
            end
            """;

    /**
     * Hashes of up to this many fields are loaded lazily without copying their large values into
     * Lua (field names, then one HSTRLEN per attribute, then the small ones); larger hashes are
     * read whole, where one HGETALL costs less than the per-field calls.
     */
    static final int SIZED_LOAD_MAX_FIELDS = 64;

    /**
     * fields_of(limit): the session's hash as deferring(HGETALL, limit) answers it, reading no
     * value longer than limit: Redis copies a deferred attribute neither into Lua nor into the
     * reply, so a session holding a large cart costs Redis no more to load than one without.
     */
    private static final String FIELDS_OF = (DEFERRING + """
            local function fields_of(limit)
              if limit == nil or limit == '' or redis.call('HLEN', KEYS[1]) > $SIZED_LOAD_MAX_FIELDS then
                return deferring(redis.call('HGETALL', KEYS[1]), limit)
              end
              limit = tonumber(limit)
              local names = redis.call('HKEYS', KEYS[1])
              local deferred, wanted = {}, {}
              for i = 1, #names do
                local name = names[i]
                local size = string.sub(name, 1, 2) == 'a:' and redis.call('HSTRLEN', KEYS[1], name) or 0
                if size > limit then
                  table.insert(deferred, string.sub(name, 3))
                  table.insert(deferred, size)
                else
                  table.insert(wanted, name)
                end
              end
              local kept = {}
              if #wanted > 0 then
                local values = redis.call('HMGET', KEYS[1], unpack(wanted))
                for i = 1, #wanted do
                  kept[2 * i - 1] = wanted[i]
                  kept[2 * i] = values[i]
                end
              end
              return deferred_reply(deferred, kept)
            end
            """).replace("$SIZED_LOAD_MAX_FIELDS", Integer.toString(SIZED_LOAD_MAX_FIELDS));

    /** Whether a write carrying fencing token {@code fence} ('' for none) may proceed. */
    private static final String FENCE_HOLDS = """
            local function fence_holds(fence)
              return fence == '' or redis.call('HGET', KEYS[1], $FENCE) == fence
            end
            """;

    /**
     * ARGV[3] now in ms, ARGV[4] the size above which attributes are deferred, or ''. Returns the
     * hash as it was (so the caller sees the previous access time), {@link #DEFERRING} them; or
     * nil.
     */
    static final String LOAD = script(SCHEDULE + LIVE + ALIVE + TOUCH + FIELDS_OF + """
            if ARGV[4] == nil or ARGV[4] == '' then
              local fields, accessed, interval = live(ARGV[3])
              if fields == false then return {-2} end
              if fields == nil then return nil end
              touch(ARGV[3], accessed, interval)
              return fields
            end
            local found, accessed, interval = alive(ARGV[3])
            if found == false then return {-2} end
            if not found then return nil end
            local fields = fields_of(ARGV[4])
            touch(ARGV[3], accessed, interval)
            return fields
            """);

    /**
     * ARGV[3] now in ms, ARGV[4] lease in ms, ARGV[5] as ARGV[4] of {@link #LOAD}. Returns {0}
     * when there is no live session, {-1} when another request holds the lock (found from the
     * metadata alone, as requests waiting for the lock repeat it), else {fencing token, the hash
     * as it was...}, deferring as {@link #LOAD} does.
     */
    static final String LOCK_AND_LOAD = script(SCHEDULE + ALIVE + TOUCH + FIELDS_OF + """
            local found, accessed, interval = alive(ARGV[3])
            if found == false then return {-2} end
            if not found then return {0} end
            if redis.call('EXISTS', KEYS[2]) == 1 then return {-1} end
            local fence = redis.call('HINCRBY', KEYS[1], $FENCE, 1)
            redis.call('SET', KEYS[2], fence, 'PX', ARGV[4])
            local fields = fields_of(ARGV[5])
            touch(ARGV[3], accessed, interval)
            table.insert(fields, 1, fence)
            return fields
            """);

    /**
     * ARGV[3] now in ms. 1 when the session is there, not past its due time and of this format,
     * else 0: the check in front of the fetch of an attribute a load deferred, which is a plain
     * HGET in the same batch. The value does not pass through Lua: a script copies a reply into a
     * Lua string and back, about 1.2 ms of Redis CPU per MB against 16 µs for the HGET (measured
     * with redis-benchmark on a 1 MB field). The script's being a write is what sends the batch,
     * HGET included, to the master whatever Redisson's readMode: a replica may not have the value
     * a request saved a moment ago. Writes nothing.
     */
    static final String FETCH = script(SCHEDULE + ALIVE + """
            if alive(ARGV[3]) then return 1 end
            return 0
            """);

    /** ARGV[3..] field/value pairs including metadata. Idempotent. */
    static final String CREATE = script(SCHEDULE + IN_SLICES + """
            in_slices('HSET', KEYS[1], 3, #ARGV)
            local meta = redis.call('HMGET', KEYS[1], $ACCESSED, $MAX_INACTIVE, $PRINCIPAL)
            if meta[3] then bind(meta[3], tonumber(meta[2])) end
            schedule(tonumber(meta[1]), tonumber(meta[2]))
            return 1
            """);

    /**
     * ARGV[3] now in ms; ARGV[4] new max inactive interval or ''; ARGV[5] fencing token or '';
     * ARGV[6] '1' to release the lock; ARGV[7] the user: '' unchanged, '-' none, '=' and the name;
     * ARGV[8] number n of set pairs; then n field/value pairs; then the fields to delete. Returns 1 when written, 0 without writing when the session is
     * gone or past its due time (a concurrent invalidate is never undone, an expired session never
     * revived), -1 without writing when another request took the lock since. The index changes
     * only with the interval.
     */
    static final String SAVE = script(SCHEDULE + ALIVE + IN_SLICES + FENCE_HOLDS + """
            local function unlock()
              if ARGV[6] == '1' and redis.call('GET', KEYS[2]) == ARGV[5] then redis.call('DEL', KEYS[2]) end
            end
            local found, accessed, interval = alive(ARGV[3])
            if found == false then return -2 end
            if not found then
              unlock()
              return 0
            end
            if not fence_holds(ARGV[5]) then return -1 end
            local pairs_end = 8 + 2 * tonumber(ARGV[8])
            if pairs_end > 8 then in_slices('HSET', KEYS[1], 9, pairs_end) end
            if #ARGV > pairs_end then in_slices('HDEL', KEYS[1], pairs_end + 1, #ARGV) end
            if ARGV[7] ~= '' then
              local user = ARGV[7] ~= '-' and string.sub(ARGV[7], 2) or nil
              if user ~= principal then
                unbind()
                if user then
                  redis.call('HSET', KEYS[1], $PRINCIPAL, user)
                  bind(user, ARGV[4] ~= '' and tonumber(ARGV[4]) or interval)
                else
                  redis.call('HDEL', KEYS[1], $PRINCIPAL)
                end
              end
            end
            if ARGV[4] ~= '' and tonumber(ARGV[4]) ~= interval then
              redis.call('HSET', KEYS[1], $MAX_INACTIVE, ARGV[4])
              schedule(accessed, tonumber(ARGV[4]))
            else
              keep_alive(interval)
            end
            unlock()
            return 1
            """);

    /**
     * ARGV[3] now in ms; ARGV[4] fencing token or ''. Returns the whole hash and deletes it with
     * its lock and its index entry, or {0} when the session is gone or past its due time, {-1}
     * when another request took the lock since: the first half of moving a session to a new id.
     * Whoever takes it owns the move; saves under the old id fail from then on.
     */
    static final String TAKE = script(SCHEDULE + LIVE + FENCE_HOLDS + """
            local fields = live(ARGV[3])
            if fields == false then return {-2} end
            if fields == nil then return {0} end
            if not fence_holds(ARGV[4]) then return {-1} end
            redis.call('DEL', KEYS[1], KEYS[2])
            if indexed then redis.call('ZREM', KEYS[3], ARGV[2]) end
            unbind()
            table.insert(fields, 1, 1)
            return fields
            """);

    /**
     * ARGV[3] fencing token or ''. Deletes the session, its lock and its index entry: 1 when it
     * existed, 0 when not (its index entry goes anyway), -1 without deleting when another request
     * took the lock since.
     */
    static final String DELETE = script(SCHEDULE + FENCE_HOLDS + """
            if redis.call('EXISTS', KEYS[1]) == 0 then
              if indexed then redis.call('ZREM', KEYS[3], ARGV[2]) end
              return 0
            end
            if not fence_holds(ARGV[3]) then return -1 end
            principal = redis.call('HGET', KEYS[1], $PRINCIPAL) or nil
            unbind()
            redis.call('DEL', KEYS[1], KEYS[2])
            if indexed then redis.call('ZREM', KEYS[3], ARGV[2]) end
            return 1
            """);

    /**
     * The expiry claim of one bucket. KEYS[1] = the bucket's index; ARGV[1] now in ms, ARGV[2] how
     * many due members to look at, ARGV[3] claim time in ms, ARGV[4] the horizon in ms, ARGV[5]
     * the bucket's key prefix (a session's key is the prefix and its id; same hash tag, so the
     * same slot). For each due member: a hash that is gone (invalidated, moved, past the horizon)
     * or no longer expires leaves the index without an event; one not due after all (touched by
     * a server with a later clock) gets its real due time; a really due one is claimed: its score
     * moves {@code claim} into the future, so nobody else claims it unless this claimer dies
     * before it finishes, its data stays at least the claim time plus the horizon (for that
     * second claim), and it is returned. Returns {id, number of hash elements, hash...} for
     * each claimed session, flat.
     */
    static final String CLAIM = script("""
            local now = tonumber(ARGV[1])
            local keep = tonumber(ARGV[3]) + tonumber(ARGV[4])
            local claimed = {}
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
            for _, id in ipairs(ids) do
              local fields = redis.call('HGETALL', ARGV[5] .. id)
              local accessed, interval
              for i = 1, #fields, 2 do
                if fields[i] == $ACCESSED then accessed = tonumber(fields[i + 1])
                elseif fields[i] == $MAX_INACTIVE then interval = tonumber(fields[i + 1]) end
              end
              if #fields == 0 or interval == nil or interval <= 0 then
                redis.call('ZREM', KEYS[1], id)
              elseif (accessed or 0) + interval * 1000 > now then
                redis.call('ZADD', KEYS[1], (accessed or 0) + interval * 1000, id)
              else
                redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), id)
                if redis.call('PTTL', ARGV[5] .. id) < keep then redis.call('PEXPIRE', ARGV[5] .. id, keep) end
                table.insert(claimed, id)
                table.insert(claimed, #fields)
                for i = 1, #fields do table.insert(claimed, fields[i]) end
              end
            end
            if #claimed > 0 then
              if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], 2 * keep) end
            end
            return claimed
            """);

    /**
     * After the expiry events of a claimed session: deletes it, its lock and its index entry.
     * KEYS and ARGV as for the session scripts.
     */
    static final String FINISH = script(SCHEDULE + """
            principal = redis.call('HGET', KEYS[1], $PRINCIPAL) or nil
            unbind()
            redis.call('DEL', KEYS[1], KEYS[2])
            redis.call('ZREM', KEYS[3], ARGV[2])
            return 1
            """);

    /**
     * The sessions of one user in one bucket. KEYS[1] = the user's set there; ARGV[1] now in ms,
     * ARGV[2] the bucket's key prefix, ARGV[3] the user's name. An entry whose session is gone or
     * bound to another user now leaves the set; one past its due time is the expiry poller's and
     * is skipped. Returns {id, created, accessed, max inactive, ...} flat.
     */
    static final String USERS = script("""
            local now = tonumber(ARGV[1])
            local found = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local meta = redis.call('HMGET', ARGV[2] .. id, $CREATED, $ACCESSED, $MAX_INACTIVE, $PRINCIPAL)
              if meta[4] ~= ARGV[3] then
                redis.call('SREM', KEYS[1], id)
              else
                local interval = tonumber(meta[3])
                if not (interval and interval > 0 and (tonumber(meta[2]) or 0) + interval * 1000 <= now) then
                  table.insert(found, id)
                  table.insert(found, meta[1] or '0')
                  table.insert(found, meta[2] or '0')
                  table.insert(found, meta[3] or '0')
                end
              end
            end
            return found
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
