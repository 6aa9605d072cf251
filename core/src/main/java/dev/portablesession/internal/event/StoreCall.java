package dev.portablesession.internal.event;

/**
 * One call to the session store, as it ended.
 *
 * @param operation what was asked
 * @param outcome how it ended
 * @param nanos how long it took, wall clock, nanoseconds
 * @param bytesSent attribute names and encoded values sent, bytes (payload, not protocol overhead)
 * @param bytesReceived attribute names and encoded values received, bytes
 */
public record StoreCall(StoreOperation operation, StoreOutcome outcome, long nanos, long bytesSent, long bytesReceived) {
}
