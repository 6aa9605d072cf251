package dev.portablesession.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.internal.event.RequestSummary;
import dev.portablesession.internal.event.StoreCall;
import dev.portablesession.internal.event.StoreOperation;
import dev.portablesession.internal.event.StoreOutcome;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The meters each event moves, and only those. */
class SessionMetersTest {

    private final SessionMeters meters = new SessionMeters(() -> false,
            new ActiveSessionCount(now -> OptionalLong.empty(), 0, System::nanoTime));

    private static StoreCall call(StoreOperation operation, StoreOutcome outcome, long micros) {
        return new StoreCall(operation, outcome, micros * 1_000, 10, 20);
    }

    @Test
    void storeCallsAreCountedByOperationAndOutcome() {
        meters.storeCall(call(StoreOperation.LOAD, StoreOutcome.OK, 100));
        meters.storeCall(call(StoreOperation.LOCK_AND_LOAD, StoreOutcome.BUSY, 100));
        meters.storeCall(call(StoreOperation.LOCK_AND_LOAD, StoreOutcome.OK, 100));
        meters.storeCall(call(StoreOperation.LOAD, StoreOutcome.ABSENT, 100));
        meters.sessionNotFound("/x");
        meters.storeCall(call(StoreOperation.CREATE, StoreOutcome.OK, 100));
        meters.storeCall(call(StoreOperation.SAVE, StoreOutcome.OK, 100));
        meters.storeCall(call(StoreOperation.SAVE, StoreOutcome.GONE, 100));
        meters.storeCall(call(StoreOperation.SAVE, StoreOutcome.FAILED, 100));
        meters.storeCall(call(StoreOperation.DELETE, StoreOutcome.FAILED, 100));
        assertEquals(2, meters.getHits());
        assertEquals(1, meters.getMisses());
        assertEquals(3, meters.getLoads());
        assertEquals(1, meters.getCreates());
        assertEquals(1, meters.getSaves(), "a save that found the session gone wrote nothing");
        Map<String, Long> errors = meters.getRedisErrors();
        assertEquals(1L, errors.get("save"));
        assertEquals(1L, errors.get("delete"));
        assertEquals(0L, errors.get("lock-and-load"));
        assertEquals(90, meters.getBytesSent());
        assertEquals(180, meters.getBytesReceived());
        assertFalse(meters.isStoreAnswering());
    }

    @Test
    void latencyPercentilesComeFromTheRecentCalls() {
        assertEquals(0, meters.getRedisLatencyP50Millis());
        for (int micros = 1; micros <= 100; micros++) {
            meters.storeCall(call(StoreOperation.LOAD, StoreOutcome.OK, micros * 100L));
        }
        assertEquals(5.0, meters.getRedisLatencyP50Millis(), 1e-9);
        assertEquals(9.9, meters.getRedisLatencyP99Millis(), 1e-9);
        for (int i = 0; i < 2048; i++) {
            meters.storeCall(call(StoreOperation.LOAD, StoreOutcome.OK, 1_000));
        }
        assertEquals(1.0, meters.getRedisLatencyP99Millis(), 1e-9, "older calls have left the window");
    }

    @Test
    void degradedPeriodsAndDroppedChanges() {
        assertFalse(meters.isDegraded());
        meters.degraded();
        assertTrue(meters.isDegraded());
        meters.reconciled(1, 2, 3, 4);
        assertFalse(meters.isDegraded());
        meters.degraded();
        meters.reconciled(0, 0, 0, 1);
        assertEquals(5, meters.getDegradedChangesDropped());
    }

    @Test
    void outagesLocksAndCodecFailures() {
        meters.outageStarted("down");
        assertTrue(meters.isInOutage());
        meters.outageEnded(1_000);
        meters.outageStarted("down again");
        assertEquals(2, meters.getOutages());
        assertTrue(meters.isInOutage());

        meters.lockWaited("id", 1_000, 3, true);
        meters.lockWaited("id", 1_000, 9, false);
        meters.lockLost("id", "/x");
        assertEquals(2, meters.getLockWaits());
        assertEquals(1, meters.getLockTimeouts());
        assertEquals(1, meters.getLocksLost());

        meters.decodeFailed("a", new IllegalStateException("x"), DecodeFailurePolicy.DROP);
        meters.encodeRefused("b", new AttributeEncodingException("y", null), false);
        meters.encodeRefused("b", new AttributeEncodingException("y", null), true);
        assertEquals(1, meters.getDecodeFailures());
        assertEquals(2, meters.getEncodeRefusals());

        meters.sessionExpired(null);
        assertEquals(1, meters.getExpiries());
        meters.requestCompleted(new RequestSummary("/x", "A".repeat(43), List.of()));
        meters.requestCompleted(new RequestSummary("/static", null, List.of()));
        assertEquals(1, meters.getRequestsWithSession());
    }
}
