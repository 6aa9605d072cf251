package dev.portablesession.internal.metrics;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.SessionMetrics;
import dev.portablesession.internal.event.RequestSummary;
import dev.portablesession.internal.event.SessionEvents;
import dev.portablesession.internal.event.StoreCall;
import dev.portablesession.internal.event.StoreOperation;
import dev.portablesession.internal.event.StoreOutcome;
import jakarta.servlet.http.HttpSession;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/** The metrics of one filter, counted from the event seam. */
public final class SessionMeters implements SessionEvents, SessionMetrics {

    /** Recent store call times kept for the percentiles; a power of two. */
    private static final int RECENT = 2048;

    private final BooleanSupplier storeAnswers;
    private final ActiveSessionCount activeSessions;
    private final LongAdder requestsWithSession = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder creates = new LongAdder();
    private final LongAdder saves = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder idChanges = new LongAdder();
    private final LongAdder expiries = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final Map<StoreOperation, LongAdder> errors = new EnumMap<>(StoreOperation.class);
    private final LongAdder outages = new LongAdder();
    private final LongAdder degradedChangesDropped = new LongAdder();
    private volatile boolean degraded;
    private volatile boolean inOutage;
    private final LongAdder lockWaits = new LongAdder();
    private final LongAdder lockTimeouts = new LongAdder();
    private final LongAdder locksLost = new LongAdder();
    private final LongAdder decodeFailures = new LongAdder();
    private final LongAdder encodeRefusals = new LongAdder();
    private final AtomicLongArray recentNanos = new AtomicLongArray(RECENT);
    private final AtomicLong recentCount = new AtomicLong();

    /**
     * @param storeAnswers asks the store, now, whether it answers
     * @param activeSessions the count of active sessions in the store
     */
    public SessionMeters(BooleanSupplier storeAnswers, ActiveSessionCount activeSessions) {
        this.storeAnswers = storeAnswers;
        this.activeSessions = activeSessions;
        for (StoreOperation operation : StoreOperation.values()) {
            errors.put(operation, new LongAdder());
        }
    }

    // ---- counting ----

    @Override
    public void requestCompleted(RequestSummary request) {
        if (request.usedSession()) {
            requestsWithSession.increment();
        }
    }

    @Override
    public void sessionNotFound(String requestUri) {
        misses.increment();
    }

    @Override
    public void storeCall(StoreCall call) {
        int slot = (int) (recentCount.getAndIncrement() & (RECENT - 1));
        recentNanos.set(slot, call.nanos());
        bytesSent.add(call.bytesSent());
        bytesReceived.add(call.bytesReceived());
        if (call.outcome() == StoreOutcome.FAILED) {
            errors.get(call.operation()).increment();
            return;
        }
        switch (call.operation()) {
            case LOAD, LOCK_AND_LOAD -> {
                // A miss is counted from sessionNotFound: the start-up probe's load of a random id is none.
                if (call.outcome() == StoreOutcome.OK) {
                    hits.increment();
                }
            }
            case CREATE -> creates.increment();
            case SAVE -> {
                if (call.outcome() == StoreOutcome.OK) {
                    saves.increment();
                }
            }
            case CHANGE_ID, DELETE -> {
                // Counted by what caused them: sessionIdChanged, sessionInvalidated.
            }
        }
    }

    @Override
    public void sessionInvalidated(HttpSession session) {
        invalidations.increment();
    }

    @Override
    public void sessionIdChanged(HttpSession session, String oldId) {
        idChanges.increment();
    }

    @Override
    public void sessionExpired(HttpSession session) {
        expiries.increment();
    }

    @Override
    public void outageStarted(String reason) {
        inOutage = true;
        outages.increment();
    }

    @Override
    public void storeFull(String reason) {
        inOutage = true;
        outages.increment();
    }

    @Override
    public void outageEnded(long downNanos) {
        inOutage = false;
    }

    @Override
    public void degraded() {
        degraded = true;
    }

    @Override
    public void reconciled(int written, int created, int deleted, int dropped) {
        degradedChangesDropped.add(dropped);
        degraded = false;
    }

    @Override
    public void lockWaited(String sessionId, long nanos, int attempts, boolean acquired) {
        lockWaits.increment();
        if (!acquired) {
            lockTimeouts.increment();
        }
    }

    @Override
    public void lockLost(String sessionId, String requestUri) {
        locksLost.increment();
    }

    @Override
    public void decodeFailed(String name, RuntimeException cause, DecodeFailurePolicy policy) {
        decodeFailures.increment();
    }

    @Override
    public void encodeRefused(String name, AttributeEncodingException cause, boolean atSave) {
        encodeRefusals.increment();
    }

    // ---- reading ----

    @Override
    public long getRequestsWithSession() {
        return requestsWithSession.sum();
    }

    @Override
    public long getLoads() {
        return hits.sum() + misses.sum();
    }

    @Override
    public long getHits() {
        return hits.sum();
    }

    @Override
    public long getMisses() {
        return misses.sum();
    }

    @Override
    public long getCreates() {
        return creates.sum();
    }

    @Override
    public long getSaves() {
        return saves.sum();
    }

    @Override
    public long getInvalidations() {
        return invalidations.sum();
    }

    @Override
    public long getIdChanges() {
        return idChanges.sum();
    }

    @Override
    public long getExpiries() {
        return expiries.sum();
    }

    @Override
    public long getBytesSent() {
        return bytesSent.sum();
    }

    @Override
    public long getBytesReceived() {
        return bytesReceived.sum();
    }

    @Override
    public double getRedisLatencyP50Millis() {
        return percentileMillis(0.50);
    }

    @Override
    public double getRedisLatencyP99Millis() {
        return percentileMillis(0.99);
    }

    @Override
    public Map<String, Long> getRedisErrors() {
        Map<String, Long> byOperation = new TreeMap<>();
        errors.forEach((operation, count) -> byOperation.put(operation.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                count.sum()));
        return byOperation;
    }

    @Override
    public boolean isInOutage() {
        return inOutage;
    }

    @Override
    public long getOutages() {
        return outages.sum();
    }

    @Override
    public boolean isDegraded() {
        return degraded;
    }

    @Override
    public long getDegradedChangesDropped() {
        return degradedChangesDropped.sum();
    }

    @Override
    public long getLockWaits() {
        return lockWaits.sum();
    }

    @Override
    public long getLockTimeouts() {
        return lockTimeouts.sum();
    }

    @Override
    public long getLocksLost() {
        return locksLost.sum();
    }

    @Override
    public long getDecodeFailures() {
        return decodeFailures.sum();
    }

    @Override
    public long getEncodeRefusals() {
        return encodeRefusals.sum();
    }

    @Override
    public long getActiveSessions() {
        return activeSessions.get();
    }

    @Override
    public boolean isStoreAnswering() {
        return storeAnswers.getAsBoolean();
    }

    private double percentileMillis(double quantile) {
        int count = (int) Math.min(recentCount.get(), RECENT);
        if (count == 0) {
            return 0;
        }
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            nanos[i] = recentNanos.get(i);
        }
        Arrays.sort(nanos);
        int rank = (int) Math.ceil(quantile * count) - 1;
        return nanos[Math.max(0, rank)] / 1_000_000.0;
    }
}
