package dev.portablesession.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The switch from the container's own sessions to the filter ({@code adopt-container-sessions}),
 * on a running server: a user who logged in on a container session keeps its attributes once the
 * filter is on, the copy is in Redis for every server, and a logout does not revive the
 * container session.
 */
@ExtendWith(RedisExtension.class)
public abstract class AdoptionSuite {

    private final ContainerUnderTest container;

    protected AdoptionSuite(ContainerUnderTest container) {
        this.container = container;
    }

    @Test
    void aUserOfAContainerSessionKeepsItsAttributesOnceTheFilterIsOn(RedisServer redis) throws Exception {
        String namespace = "adopt";
        Switch switched = new Switch(RedisSessionFilter.builder().redisUrl(redis.uri()).build());
        Deployment migrating = new Deployment.Embedded(Map.of(TestApp.NODE, "a", "portablesession.namespace", namespace,
                "portablesession.adopt-container-sessions", "true"), switched, List.of(), true);
        Deployment shared = new Deployment.Embedded(Map.of(TestApp.NODE, "b", "portablesession.namespace", namespace),
                RedisSessionFilter.builder().redisUrl(redis.uri()).build(), List.of());
        try (Node a = container.start(migrating); Node b = container.start(shared)) {
            Browser user = new Browser(a.root());
            user.get("/s?op=set&name=user&value=alice");
            user.get("/s?op=set&name=role&value=admin");
            assertTrue(user.cookies().containsKey("JSESSIONID"), "a container session: " + user.cookies());

            switched.on = true;
            assertEquals("alice", user.get("/s?op=get&name=user").body(), "adopted");
            assertTrue(user.cookies().containsKey("SESSION"), "the filter's cookie: " + user.cookies());
            assertEquals("admin", user.at(b.root()).get("/s?op=get&name=role").body(), "the copy is in Redis");
            assertEquals("alice", user.get("/s?op=get&name=user").body());
            assertEquals(1, switched.filter.metrics().getCreates(), "adopted once, then loaded");

            user.get("/s?op=invalidate");
            assertEquals("no-session", user.get("/s?op=get&name=user").body(), "the container session is gone too");
        }
    }

    /** The filter in place but passing every request by until switched on: the deployment being migrated. */
    private static final class Switch implements Filter {
        final RedisSessionFilter filter;
        volatile boolean on;

        Switch(RedisSessionFilter filter) {
            this.filter = filter;
        }

        @Override
        public void init(FilterConfig config) throws ServletException {
            filter.init(config);
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (on) {
                filter.doFilter(request, response, chain);
            } else {
                chain.doFilter(request, response);
            }
        }

        @Override
        public void destroy() {
            filter.destroy();
        }
    }
}
