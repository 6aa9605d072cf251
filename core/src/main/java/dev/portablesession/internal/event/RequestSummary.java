package dev.portablesession.internal.event;

import java.util.List;

/**
 * What one request did with its session, reported once it is done.
 *
 * @param requestUri the request's URI
 * @param sessionId the id of the session it used at its end, or null when it used none
 * @param storeCalls every store call the request made, in order
 */
public record RequestSummary(String requestUri, String sessionId, List<StoreCall> storeCalls) {

    public RequestSummary {
        storeCalls = List.copyOf(storeCalls);
    }

    /** @return whether the request read, created or changed a session */
    public boolean usedSession() {
        return sessionId != null;
    }

    /** @return time spent in store calls, nanoseconds */
    public long storeNanos() {
        return storeCalls.stream().mapToLong(StoreCall::nanos).sum();
    }

    /** @return attribute bytes sent to the store */
    public long bytesSent() {
        return storeCalls.stream().mapToLong(StoreCall::bytesSent).sum();
    }

    /** @return attribute bytes received from the store */
    public long bytesReceived() {
        return storeCalls.stream().mapToLong(StoreCall::bytesReceived).sum();
    }
}
