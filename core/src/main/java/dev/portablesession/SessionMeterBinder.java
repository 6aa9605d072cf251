package dev.portablesession;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a filter's {@link SessionMetrics} through Micrometer, for applications that use it
 * (Micrometer is an optional dependency of this library: add {@code io.micrometer:micrometer-core}
 * yourself). Bind it before or after the container calls {@code init}: every meter reads the
 * filter's metrics when it is sampled, and reads 0 (a gauge: NaN) while the filter is not running.
 *
 * <pre>{@code
 * RedisSessionFilter filter = RedisSessionFilter.builder().redisUrl(url).build();
 * new SessionMeterBinder(filter, Tags.of("app", "shop")).bindTo(registry);
 * }</pre>
 *
 * <p>Meters (the names of the JMX attributes in parentheses, see {@code docs/metrics.md}):
 * counters {@code portablesession.requests} (RequestsWithSession), {@code portablesession.hits},
 * {@code portablesession.misses}, {@code portablesession.creates}, {@code portablesession.saves},
 * {@code portablesession.invalidations}, {@code portablesession.id.changes}, {@code portablesession.expiries},
 * {@code portablesession.bytes.sent}, {@code portablesession.bytes.received},
 * {@code portablesession.redis.errors} (tag {@code operation}), {@code portablesession.outages},
 * {@code portablesession.degraded.changes.dropped},
 * {@code portablesession.lock.waits}, {@code portablesession.lock.timeouts},
 * {@code portablesession.locks.lost}, {@code portablesession.decode.failures},
 * {@code portablesession.encode.refusals}; gauges {@code portablesession.redis.latency} (tag
 * {@code quantile} 0.5 and 0.99, milliseconds), {@code portablesession.outage} (1 during an
 * outage), {@code portablesession.degraded} (1 while sessions are served from this server's memory), {@code portablesession.sessions.active} (ActiveSessions; NaN when not known) and {@code portablesession.store.answering} (1 when Redis answers; each sample asks
 * Redis once).
 */
public final class SessionMeterBinder implements MeterBinder {

    private static final List<String> OPERATIONS = List.of("load", "lock-and-load", "create", "save", "change-id", "delete");

    private final RedisSessionFilter filter;
    private final Tags tags;

    /**
     * @param filter the filter whose metrics to publish
     * @param tags added to every meter, to tell several filters (applications) apart
     */
    public SessionMeterBinder(RedisSessionFilter filter, Iterable<Tag> tags) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "portablesession.requests", "requests that used a session", null, SessionMetrics::getRequestsWithSession);
        counter(registry, "portablesession.hits", "loads that found the session", null, SessionMetrics::getHits);
        counter(registry, "portablesession.misses", "presented ids that name no session", null, SessionMetrics::getMisses);
        counter(registry, "portablesession.creates", "sessions created", null, SessionMetrics::getCreates);
        counter(registry, "portablesession.saves", "writes of a session's changes", null, SessionMetrics::getSaves);
        counter(registry, "portablesession.invalidations", "sessions invalidated", null, SessionMetrics::getInvalidations);
        counter(registry, "portablesession.id.changes", "changeSessionId calls", null, SessionMetrics::getIdChanges);
        counter(registry, "portablesession.expiries", "sessions expired by idle time, reported by this server", null,
                SessionMetrics::getExpiries);
        counter(registry, "portablesession.bytes.sent", "attribute bytes sent to Redis", "bytes", SessionMetrics::getBytesSent);
        counter(registry, "portablesession.bytes.received", "attribute bytes received from Redis", "bytes",
                SessionMetrics::getBytesReceived);
        for (String operation : OPERATIONS) {
            FunctionCounter.builder("portablesession.redis.errors", this,
                            binder -> binder.read(m -> m.getRedisErrors().getOrDefault(operation, 0L), 0))
                    .description("failed Redis calls").tags(tags).tag("operation", operation).register(registry);
        }
        counter(registry, "portablesession.outages", "periods in which Redis did not answer", null, SessionMetrics::getOutages);
        counter(registry, "portablesession.degraded.changes.dropped", "sessions served from this server's memory whose "
                + "changes were dropped when Redis came back", null, SessionMetrics::getDegradedChangesDropped);
        counter(registry, "portablesession.lock.waits", "requests that waited for the session lock", null,
                SessionMetrics::getLockWaits);
        counter(registry, "portablesession.lock.timeouts", "requests that gave up waiting for the session lock", null,
                SessionMetrics::getLockTimeouts);
        counter(registry, "portablesession.locks.lost", "requests that outlived their lock lease", null,
                SessionMetrics::getLocksLost);
        counter(registry, "portablesession.decode.failures", "stored attributes that could not be decoded", null,
                SessionMetrics::getDecodeFailures);
        counter(registry, "portablesession.encode.refusals", "attribute values that could not be encoded", null,
                SessionMetrics::getEncodeRefusals);
        latency(registry, "0.5", SessionMetrics::getRedisLatencyP50Millis);
        latency(registry, "0.99", SessionMetrics::getRedisLatencyP99Millis);
        Gauge.builder("portablesession.outage", this, binder -> binder.read(m -> m.isInOutage() ? 1 : 0, Double.NaN))
                .description("1 while Redis does not answer").tags(tags).register(registry);
        Gauge.builder("portablesession.degraded", this, binder -> binder.read(m -> m.isDegraded() ? 1 : 0, Double.NaN))
                .description("1 while sessions are served from this server's memory").tags(tags).register(registry);
        Gauge.builder("portablesession.sessions.active", this, binder -> binder.read(SessionMeterBinder::activeSessions, Double.NaN))
                .description("sessions whose idle expiry has not passed, on all servers; counted at most every 5 s")
                .tags(tags).register(registry);
        Gauge.builder("portablesession.store.answering", this,
                        binder -> binder.read(m -> m.isStoreAnswering() ? 1 : 0, Double.NaN))
                .description("1 when Redis answers a read now").tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, String unit,
            ToDoubleFunction<SessionMetrics> count) {
        FunctionCounter.builder(name, this, binder -> binder.read(count, 0)).description(description).baseUnit(unit)
                .tags(tags).register(registry);
    }

    private void latency(MeterRegistry registry, String quantile, ToDoubleFunction<SessionMetrics> millis) {
        Gauge.builder("portablesession.redis.latency", this, binder -> binder.read(millis, Double.NaN))
                .description("Redis call time over the recent calls").baseUnit("milliseconds").tags(tags)
                .tag("quantile", quantile).register(registry);
    }

    /** NaN when the count is not known (expiry events off, or Redis not answering). */
    private static double activeSessions(SessionMetrics metrics) {
        long count = metrics.getActiveSessions();
        return count < 0 ? Double.NaN : count;
    }

    /** The value, or {@code whileStopped} before {@code init} and after {@code destroy}. */
    private double read(ToDoubleFunction<SessionMetrics> value, double whileStopped) {
        SessionMetrics metrics;
        try {
            metrics = filter.metrics();
        } catch (IllegalStateException notRunning) {
            return whileStopped;
        }
        return value.applyAsDouble(metrics);
    }
}
