package dev.portablesession.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.portablesession.internal.event.RequestSummary;
import dev.portablesession.internal.event.StoreCall;
import dev.portablesession.internal.event.StoreOperation;
import dev.portablesession.internal.event.StoreOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-request trace at debug level: what a request sent to Redis and what it cost, ids masked. */
class LoggingEventsTest {

    private final Logger logger = Logger.getLogger("dev.portablesession");
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level levelBefore;

    @BeforeEach
    void capture() {
        levelBefore = logger.getLevel();
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
        logger.setLevel(levelBefore);
    }

    private static RequestSummary cartRequest(String id) {
        return new RequestSummary("/cart", id, List.of(new StoreCall(StoreOperation.LOAD, StoreOutcome.OK, 410_000, 0, 2_345),
                new StoreCall(StoreOperation.SAVE, StoreOutcome.OK, 820_000, 1_234, 0)));
    }

    @Test
    void aRequestThatUsedTheStoreIsOneDebugLine() {
        logger.setLevel(Level.FINE);
        String id = "u1Qe9yZq0N6yJ3jv7mMZ9m0d5n3sOHTpbeHBtGlQz4M";
        new LoggingEvents().requestCompleted(cartRequest(id));
        assertEquals(1, records.size());
        assertEquals(Level.FINE, records.get(0).getLevel());
        assertEquals("request /cart, session u1Qe9y…: 2 Redis round trips in 1.23 ms (load ok 0.41 ms, save ok 0.82 ms),"
                + " 1234 bytes sent, 2345 received", records.get(0).getMessage());
        assertFalse(records.get(0).getMessage().contains(id), "the id is masked");
    }

    @Test
    void nothingAtInfoAndNothingForARequestThatSentNothing() {
        logger.setLevel(Level.INFO);
        new LoggingEvents().requestCompleted(cartRequest("u1Qe9yZq0N6yJ3jv7mMZ9m0d5n3sOHTpbeHBtGlQz4M"));
        logger.setLevel(Level.FINE);
        new LoggingEvents().requestCompleted(new RequestSummary("/static", null, List.of()));
        assertEquals(List.of(), records);
    }
}
