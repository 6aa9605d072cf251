package dev.portablesession.internal.store;

import java.time.Duration;

/**
 * Whether a store keeps the index of due times that the expiry poller claims sessions from, and
 * for how long an expired session's data outlives its due time so that a server returning after
 * an outage still finds it and fires its expiry events.
 *
 * @param kept whether the index is kept; without it nothing can be claimed and the data goes at
 *     the due time
 * @param horizonMillis how long the data stays past the due time, milliseconds; 0 when not kept
 */
public record ExpiryIndex(boolean kept, long horizonMillis) {

    /** No index, no horizon: expired sessions simply vanish. */
    public static final ExpiryIndex OFF = new ExpiryIndex(false, 0);

    public ExpiryIndex {
        if (kept ? horizonMillis <= 0 : horizonMillis != 0) {
            throw new IllegalArgumentException("the horizon is positive with an index and 0 without: " + horizonMillis);
        }
    }

    /** An index whose sessions stay readable for {@code horizon} past their due time. */
    public static ExpiryIndex kept(Duration horizon) {
        return new ExpiryIndex(true, horizon.toMillis());
    }
}
