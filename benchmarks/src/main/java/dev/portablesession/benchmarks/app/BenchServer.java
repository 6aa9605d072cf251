package dev.portablesession.benchmarks.app;

import dev.portablesession.RedisSessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.session.HouseKeeper;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The server under test, run in its own JVM (pinned to its own CPU by the harness): one embedded
 * Jetty 12 (ee10) with one context per {@link Variant}, each serving {@link ScenarioServlet} at
 * {@code /<variant>/*}.
 *
 * <p>Arguments: the Redis port, then the variant keys to serve. Prints {@code READY <http port>}
 * once started and stops when its standard input closes, so it never outlives the harness.
 */
public final class BenchServer {

    /** Prefix of the answer to a 'c' on standard input: the JIT compilers' total time, ms. */
    public static final String COMPILED = "COMPILED ";

    /**
     * How long a session made by the create scenario lives in the in-memory variant, and how often
     * Jetty looks for expired ones, in seconds. A run creates about a million sessions; Jetty
     * would keep every one in the server's heap for its default 30 minutes and end up collecting
     * garbage more than serving (at 32 clients, after the 16-client rounds: create at 3,156
     * requests/s, p99 2.8 s). The Redis variants keep theirs in Redis, not in the server's heap.
     */
    private static final int CREATED_SESSION_SECONDS = 1;

    /** The package of the session values, allowed to the JSON codec. */
    private static final String APPLICATION_TYPES = "dev.portablesession.benchmarks.app.*";

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int redisPort = Integer.parseInt(args[0]);
        List<AutoCloseable> resources = new ArrayList<>();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        DefaultSessionIdManager sessionIds = new DefaultSessionIdManager(server);
        HouseKeeper houseKeeper = new HouseKeeper();
        houseKeeper.setSessionIdManager(sessionIds);
        houseKeeper.setIntervalSec(CREATED_SESSION_SECONDS);
        sessionIds.setSessionHouseKeeper(houseKeeper);
        server.addBean(sessionIds, true);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        for (int i = 1; i < args.length; i++) {
            contexts.addHandler(context(Variant.forKey(args[i]), redisPort, resources));
        }
        server.setHandler(contexts);
        server.start();
        System.out.println("READY " + connector.getLocalPort());
        System.out.flush();
        // Runs until the harness closes our standard input or exits; a 'c' asks how long the JIT
        // compilers have worked so far, which tells the harness whether a warm-up is over.
        for (int command = System.in.read(); command != -1; command = System.in.read()) {
            if (command == 'c') {
                System.out.println(COMPILED + ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
                System.out.flush();
            }
        }
        server.stop();
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private static ServletContextHandler context(Variant variant, int redisPort, List<AutoCloseable> resources) {
        ServletContextHandler context = variant == Variant.MEMORY
                ? new ServletContextHandler(ServletContextHandler.SESSIONS)
                : new ServletContextHandler();
        context.setContextPath("/" + variant.key());
        ServletHolder servlet = new ServletHolder(new ScenarioServlet());
        switch (variant) {
            case MEMORY -> servlet.setInitParameter("created-session-seconds", String.valueOf(CREATED_SESSION_SECONDS));
            case BARE -> {
                // No sessions at all: nothing to add.
            }
            case PASS_THROUGH -> context.addFilter(new FilterHolder((Filter) (request, response, chain) ->
                    chain.doFilter(request, response)), "/*", EnumSet.allOf(DispatcherType.class));
            case PORTABLE, PORTABLE_EXCLUSIVE, PORTABLE_COMPRESSED, PORTABLE_EAGER -> {
                FilterHolder filter = new FilterHolder(RedisSessionFilter.class);
                Map<String, String> settings = new HashMap<>(variant.extraSettings());
                settings.put("redis.url", "redis://127.0.0.1:" + redisPort);
                settings.put("codec.allow", APPLICATION_TYPES);
                filter.setInitParameters(settings);
                context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
            }
            case SPRING -> {
                LettuceConnectionFactory connections = springConnections(redisPort);
                resources.add(connections::destroy);
                context.addFilter(new FilterHolder(new SessionRepositoryFilter<>(springRepository(connections))), "/*",
                        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
                servlet.setInitParameter("set-after-change", "true");
            }
        }
        context.addServlet(servlet, "/*");
        return context;
    }

    /** What Spring Boot's session auto-configuration would build, by hand and with its defaults. */
    private static LettuceConnectionFactory springConnections(int redisPort) {
        LettuceConnectionFactory connections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", redisPort));
        connections.afterPropertiesSet();
        connections.start();
        return connections;
    }

    private static RedisSessionRepository springRepository(LettuceConnectionFactory connections) {
        // As RedisHttpSessionConfiguration builds it: string keys, JDK serialization for values.
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.setBeanClassLoader(BenchServer.class.getClassLoader());
        template.afterPropertiesSet();
        return new RedisSessionRepository(template);
    }
}
