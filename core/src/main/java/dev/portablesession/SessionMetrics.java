package dev.portablesession;

import java.util.Map;
import javax.management.MXBean;

/**
 * What one {@link RedisSessionFilter} has done since it started, for monitoring: from
 * {@link RedisSessionFilter#metrics()}, and as the JMX MXBean
 * {@code dev.portablesession:type=SessionFilter,context=<context path>,namespace=<namespace>}.
 * Counts are cumulative and never reset; latencies are over the most recent 2,048 Redis calls.
 */
@MXBean
public interface SessionMetrics {

    /** @return requests that used a session (read, created or changed one) */
    long getRequestsWithSession();

    /** @return loads of a presented session id: {@link #getHits()} plus {@link #getMisses()} */
    long getLoads();

    /** @return loads that found the session */
    long getHits();

    /** @return loads of an id that names no session (expired, invalidated, or never issued) */
    long getMisses();

    /** @return sessions created */
    long getCreates();

    /** @return writes of an existing session's changes (including a lock release with nothing else) */
    long getSaves();

    /** @return sessions invalidated by the application */
    long getInvalidations();

    /** @return {@code changeSessionId} calls */
    long getIdChanges();

    /**
     * @return sessions that expired by idle time and that this server reported (with expiry
     *     events on: each expiry is counted once, by the server that claimed it); 0 with them off
     */
    long getExpiries();

    /** @return attribute names and encoded values sent to Redis, bytes (payload, not protocol overhead) */
    long getBytesSent();

    /** @return attribute names and encoded values received from Redis, bytes */
    long getBytesReceived();

    /** @return median Redis call time over the recent calls, milliseconds; 0 before the first call */
    double getRedisLatencyP50Millis();

    /** @return 99th percentile Redis call time over the recent calls, milliseconds; 0 before the first call */
    double getRedisLatencyP99Millis();

    /** @return redis calls that failed (no answer, timeout, error), by operation: {@code load}, {@code save}, .. */
    Map<String, Long> getRedisErrors();

    /** @return whether Redis failed the last call and has not answered since */
    boolean isInOutage();

    /** @return outages since start: periods in which Redis did not answer */
    long getOutages();

    /**
     * @return whether sessions are served from this server's memory now, because Redis does not
     *     answer ({@code redis.down-policy=degrade}); always false with {@code fail}
     */
    boolean isDegraded();

    /**
     * @return sessions served from this server's memory whose changes were dropped when Redis
     *     answered again: the stored session had moved since, or its state before the outage was
     *     not known here ({@code redis.down-policy=degrade})
     */
    long getDegradedChangesDropped();

    /** @return requests that found the session lock taken and waited ({@code lock.mode=exclusive}) */
    long getLockWaits();

    /** @return requests that gave up waiting for the session lock ({@code lock.wait-timeout}), answered with 503 */
    long getLockTimeouts();

    /** @return requests whose lock lease ran out and whose changes were refused */
    long getLocksLost();

    /** @return stored attributes that could not be decoded */
    long getDecodeFailures();

    /** @return attribute values refused because they could not be encoded or were too large */
    long getEncodeRefusals();

    /**
     * Sessions of this namespace, on all servers, whose idle expiry has not passed: counted in
     * Redis from the expiry index (one small count per bucket), at most once every 5 seconds, so
     * scraping never loads Redis and the value may be up to 5 seconds old. Sessions that never
     * expire (a non-positive max inactive interval) are not counted.
     *
     * @return the count, or -1 when it is not known: with expiry events off (setting
     *     {@code expiry.events}; with {@code auto}, when no session listener is registered) there
     *     is no index to count from, or Redis did not answer
     */
    long getActiveSessions();

    /**
     * Asks Redis now, with one cheap read bounded by {@code redis.timeout}. For health checks.
     *
     * @return whether the session store answers
     */
    boolean isStoreAnswering();
}
