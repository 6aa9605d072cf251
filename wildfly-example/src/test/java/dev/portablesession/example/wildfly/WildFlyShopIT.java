package dev.portablesession.example.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portablesession.example.shop.testing.ShopApi;
import dev.portablesession.example.shop.testing.ShopScenario;
import dev.portablesession.example.shop.testing.ShopUnderTest;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shop's scenario on two stock WildFly servers, each with the unchanged {@code shop.war} deployed from its
 * {@code deployments} folder, sharing one Redis; the browser alternates between them as a round-robin balancer
 * would. The distribution comes from Maven Central and is unpacked by the build ({@code wildfly.home}).
 */
@ExtendWith(RedisExtension.class)
class WildFlyShopIT extends ShopScenario {

    private static final List<String> NAMES = List.of("wildfly-1", "wildfly-2");
    /** Generous for a busy two-core CI machine; two servers boot and deploy in about 20 s there. */
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);

    private static final List<WildFlyServer> servers = new ArrayList<>();
    private static ShopUnderTest shop;

    @BeforeAll
    static void startServers(RedisServer redis) throws Exception {
        Path home = Path.of(requiredProperty("wildfly.home"));
        Path war = Path.of(requiredProperty("shop.war"));
        List<Integer> offsets = PortOffsets.free(
                PortOffsets.basePorts(home.resolve("standalone").resolve("configuration").resolve("standalone.xml")), NAMES.size());
        Path nodes = war.resolveSibling("wildfly-nodes");

        long start = System.nanoTime();
        // The two ways a deployment names its Redis without touching the WAR: the first server reads REDIS_URL,
        // the second the system property.
        Map<String, String> fromEnvironment = environmentWithoutRedisSettings();
        fromEnvironment.put("REDIS_URL", redis.uri());
        servers.add(WildFlyServer.launch(NAMES.get(0), home, nodes.resolve(NAMES.get(0)), offsets.get(0), war,
                fromEnvironment, Map.of("shop.node", NAMES.get(0))));
        servers.add(WildFlyServer.launch(NAMES.get(1), home, nodes.resolve(NAMES.get(1)), offsets.get(1), war,
                environmentWithoutRedisSettings(), Map.of("shop.node", NAMES.get(1), "portablesession.redis.url", redis.uri())));
        for (WildFlyServer server : servers) {
            server.awaitDeployed(BOOT_TIMEOUT);
        }
        System.err.printf("[wildfly] %d servers booted and deployed %s in %d ms: %s%n", servers.size(),
                war.getFileName(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                servers.stream().map(WildFlyServer::applicationUrl).toList());

        shop = ShopUnderTest.roundRobin(servers.stream().map(WildFlyServer::applicationUrl).toList(), NAMES, redis);
    }

    @AfterAll
    static void stopServers() {
        long start = System.nanoTime();
        servers.forEach(WildFlyServer::close);
        System.err.printf("[wildfly] %d servers stopped in %d ms%n", servers.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Override
    protected ShopUnderTest shop() {
        return shop;
    }

    @Test
    void eachServerIsNamedByItsSystemProperty() throws Exception {
        for (WildFlyServer server : servers) {
            Browser browser = new Browser(server.applicationUrl());
            assertEquals(server.name(), browser.get("/").servedBy());
            assertEquals(server.name(), ShopApi.json(browser.post("/api/counter?name=n")).get("node"));
        }
    }

    /** Nothing in this environment may pick the Redis, so each server gets exactly what the test gives it. */
    private static Map<String, String> environmentWithoutRedisSettings() {
        Map<String, String> environment = new HashMap<>();
        System.getenv().keySet().stream()
                .filter(name -> name.equals("REDIS_URL") || name.startsWith("PORTABLESESSION_"))
                .forEach(name -> environment.put(name, null));
        return environment;
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run this test with ./mvnw verify"
                    + " -pl wildfly-example -am, which unpacks WildFly and sets it");
        }
        return value;
    }
}
