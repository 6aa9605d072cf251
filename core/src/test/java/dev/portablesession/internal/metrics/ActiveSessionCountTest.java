package dev.portablesession.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portablesession.SessionStoreException;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The count is asked of the store at most once per period, and is -1 when the store cannot give it. */
class ActiveSessionCountTest {

    private static final long PERIOD = 5_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicLong stored = new AtomicLong(7);

    @Test
    void oneCountServesEveryReadOfItsPeriod() {
        ActiveSessionCount count = new ActiveSessionCount(now -> {
            asked.incrementAndGet();
            return OptionalLong.of(stored.get());
        }, PERIOD, clock::get);
        assertEquals(7, count.get());
        stored.set(9);
        clock.addAndGet(PERIOD - 1);
        assertEquals(7, count.get());
        assertEquals(1, asked.get());
        clock.addAndGet(1);
        assertEquals(9, count.get());
        assertEquals(2, asked.get());
    }

    @Test
    void withoutAnIndexOrAnAnswerTheCountIsUnknown() {
        assertEquals(-1, new ActiveSessionCount(now -> OptionalLong.empty(), PERIOD, clock::get).get());
        assertEquals(-1, new ActiveSessionCount(now -> {
            throw new SessionStoreException("Redis redis://127.0.0.1:1 failed", null);
        }, PERIOD, clock::get).get());
    }
}
