package dev.portablesession.internal.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What may appear in a message about a Redis failure. */
class SecretsTest {

    @Test
    void redissonCommandDetailsAndSessionIdsAreDropped() {
        String redisson = "Command still hasn't been written into connection! Check CPU usage of the JVM. "
                + "Netty pending tasks: 5, Node source: NodeSource [slot=0], connection: RedisConnection@1 "
                + "[addr=redis://127.0.0.1:6379], command: (EVALSHA), params: [ba8c, 2, "
                + "ns:{HaMZbab_lo1tfUFnA3m0sXD7mnn7m06jLL6HCqJ1PB8}] after 1 of 1 retry attempts";
        assertEquals("Command still hasn't been written into connection! Check CPU usage of the JVM. Netty pending tasks: 5",
                Secrets.redact(redisson));
    }

    @Test
    void aTimeoutKeepsItsOwnWordsWithoutADanglingFor() {
        // What Redisson says when a plain connection waits for a TLS port to answer its AUTH.
        assertEquals("Command execution timeout", Secrets.redact("Command execution timeout for command: (AUTH), params: "
                + "(password masked), Redis client: [addr=redis://127.0.0.1:6380]"));
    }

    @Test
    void credentialsInUrlsAndStraySessionIdsAreMasked() {
        assertEquals("cannot reach rediss://****@cache:6380 for key ns:{…}",
                Secrets.redact("cannot reach rediss://app:s3cret@cache:6380 for key ns:{HaMZbab_lo1tfUFnA3m0sXD7mnn7m06jLL6HCqJ1PB8}"));
        assertEquals("no detail", Secrets.redact(null));
    }
}
