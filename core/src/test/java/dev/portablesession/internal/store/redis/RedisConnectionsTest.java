package dev.portablesession.internal.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedisConnectionsTest {

    @Test
    void twoNettyThreadsPerCpuAtMostRedissonsDefault() {
        assertEquals(2, RedisConnections.nettyThreads(1, 32));
        assertEquals(4, RedisConnections.nettyThreads(2, 32));
        assertEquals(32, RedisConnections.nettyThreads(16, 32));
        assertEquals(32, RedisConnections.nettyThreads(96, 32));
    }
}
