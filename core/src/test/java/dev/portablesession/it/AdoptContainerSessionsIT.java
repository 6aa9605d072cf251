package dev.portablesession.it;

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
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The switch from Jetty's own, in-memory sessions to the filter on a running server: a user who
 * logged in on container sessions keeps their attributes once the filter is on, with
 * {@code adopt-container-sessions}, and loses them without it.
 */
@ExtendWith(RedisExtension.class)
class AdoptContainerSessionsIT {

    @Test
    void aUserOfTheContainerSessionKeepsItsAttributesOnceTheFilterIsOn(RedisServer redis) throws Exception {
        String namespace = "it-adopt";
        Switch switched = new Switch(RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(namespace).build());
        RedisSessionFilter plain = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(namespace).build();
        try (JettyNode a = startWithContainerSessions("a", switched, true); JettyNode b = JettyNode.start("b", plain)) {
            Browser user = new Browser(a.root());
            user.get("/s?op=set&name=user&value=alice");
            user.get("/s?op=set&name=role&value=admin");
            assertTrue(user.cookies().containsKey("JSESSIONID"), user.cookies().toString());
            assertEquals("alice", user.get("/s?op=get&name=user").body(), "the container session, before the switch");

            switched.on = true;
            assertEquals("alice", user.get("/s?op=get&name=user").body(), "adopted");
            assertTrue(user.cookies().containsKey("SESSION"), "the filter's cookie is issued: " + user.cookies());
            assertEquals(1, switched.filter.metrics().getCreates(), "one session of ours, created once");

            Browser elsewhere = user.at(b.root());
            assertEquals("admin", elsewhere.get("/s?op=get&name=role").body(), "the copy is in Redis, for every server");
            assertEquals("alice", user.get("/s?op=get&name=user").body());
            assertEquals(1, switched.filter.metrics().getCreates(), "adopted once, then loaded");

            user.get("/s?op=invalidate");
            assertEquals("no-session", user.get("/s?op=get&name=user").body(),
                    "after a logout the container session, invalidated at adoption, does not come back");
        }
    }

    @Test
    void withoutTheSettingTheUserStartsOver(RedisServer redis) throws Exception {
        Switch switched = new Switch(RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-adopt-off").build());
        try (JettyNode a = startWithContainerSessions("a", switched, false)) {
            Browser user = new Browser(a.root());
            user.get("/s?op=set&name=user&value=alice");
            switched.on = true;
            assertEquals("no-session", user.get("/s?op=get&name=user").body());
        }
    }

    private static JettyNode startWithContainerSessions(String name, Switch switched, boolean adopt) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        FilterHolder holder = new FilterHolder(switched);
        holder.setInitParameters(Map.of("adopt-container-sessions", Boolean.toString(adopt)));
        return JettyNode.start(name, context, List.of(holder), Map.of());
    }

    /** The deployment being migrated: the filter is in place but passes every request by until switched on. */
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
