package dev.portablesession.testing;

/** A {@link RedisServer} the test harness obtained and must release when done with it. */
interface ManagedRedisServer extends RedisServer, AutoCloseable {

    /** Where this server came from, for logs: e.g. {@code "redis-server on PATH (/usr/bin/redis-server)"}. */
    String origin();

    /** Releases the server: stops what was started, closes the inspection client. */
    @Override
    void close();
}
