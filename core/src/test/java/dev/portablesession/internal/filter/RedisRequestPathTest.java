package dev.portablesession.internal.filter;

import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import dev.portablesession.internal.store.ExpiryIndex;
import dev.portablesession.internal.store.SessionStore;
import dev.portablesession.internal.store.redis.RedisConnections;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The request path against a real Redis. */
@ExtendWith(RedisExtension.class)
class RedisRequestPathTest extends RequestPathContract {

    private SessionStore store;

    @BeforeEach
    void open(RedisServer redis) {
        Settings settings = Settings.load(SettingSources.builder().programmatic(Map.of("redis.url", redis.uri())));
        store = RedisConnections.open(settings, "request-path-test", ExpiryIndex.OFF);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected SessionStore store() {
        return store;
    }
}
