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

    /** Requests that used a session (read, created or changed one). */
    long getRequestsWithSession();

    /** Loads of a presented session id: {@link #getHits()} plus {@link #getMisses()}. */
    long getLoads();

    /** Loads that found the session. */
    long getHits();

    /** Loads of an id that names no session (expired, invalidated, or never issued). */
    long getMisses();

    /** Sessions created. */
    long getCreates();

    /** Writes of an existing session's changes (including a lock release with nothing else). */
    long getSaves();

    /** Sessions invalidated by the application. */
    long getInvalidations();

    /** {@code changeSessionId} calls. */
    long getIdChanges();

    /** Attribute names and encoded values sent to Redis, bytes (payload, not protocol overhead). */
    long getBytesSent();

    /** Attribute names and encoded values received from Redis, bytes. */
    long getBytesReceived();

    /** Median Redis call time over the recent calls, milliseconds; 0 before the first call. */
    double getRedisLatencyP50Millis();

    /** 99th percentile Redis call time over the recent calls, milliseconds; 0 before the first call. */
    double getRedisLatencyP99Millis();

    /** Redis calls that failed (no answer, timeout, error), by operation: {@code load}, {@code save}, ... */
    Map<String, Long> getRedisErrors();

    /** Whether Redis failed the last call and has not answered since. */
    boolean isInOutage();

    /** Outages since start: periods in which Redis did not answer. */
    long getOutages();

    /** Requests that found the session lock taken and waited ({@code lock.mode=exclusive}). */
    long getLockWaits();

    /** Requests that gave up waiting for the session lock ({@code lock.wait-timeout}), answered with 503. */
    long getLockTimeouts();

    /** Requests whose lock lease ran out and whose changes were refused. */
    long getLocksLost();

    /** Stored attributes that could not be decoded. */
    long getDecodeFailures();

    /** Attribute values refused because they could not be encoded or were too large. */
    long getEncodeRefusals();

    /**
     * Asks Redis now, with one cheap read bounded by {@code redis.timeout}: whether the session
     * store answers. For health checks.
     */
    boolean isStoreAnswering();
}
