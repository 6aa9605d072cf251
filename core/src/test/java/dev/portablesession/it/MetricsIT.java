package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.ExpiryEvents;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.SessionMeterBinder;
import dev.portablesession.SessionMetrics;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scripted workload over two servers, then every meter of each server checked exactly, through
 * the filter's API and through JMX.
 */
@ExtendWith(RedisExtension.class)
class MetricsIT {

    private static final String NAMESPACE = "it-metrics";

    @Test
    void aScriptedWorkloadIsCountedExactlyOnTheServerThatServedEachRequest(RedisServer redis) throws Exception {
        RedisSessionFilter filterA = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(NAMESPACE).build();
        RedisSessionFilter filterB = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(NAMESPACE).build();
        try (JettyNode a = JettyNode.start("a", filterA); JettyNode b = JettyNode.start("b", filterB)) {
            Browser browser = new Browser(a.root(), b.root());
            assertEquals("a", browser.get("/s?op=set&name=user&value=alice").servedBy());  // a: create
            assertEquals("b", browser.get("/s?op=get&name=user").servedBy());             // b: hit
            browser.get("/s?op=set&name=user&value=bob");                                 // a: hit, save
            browser.get("/s?op=none");                                                    // b: nothing
            assertEquals(400, browser.get("/s?op=unencodable&name=thing").status());      // a: hit, encode refusal
            browser.get("/s?op=changeId");                                                // b: hit, id change
            browser.get("/s?op=invalidate");                                              // a: hit, invalidation
            new Browser(b.root()).getWithCookieHeader("/s?op=get&name=user", "SESSION=" + "A".repeat(43)); // b: miss

            Map<String, Object> expectedA = meters(4, 3, 3, 0, 1, 1, 1, 0, 1);
            Map<String, Object> expectedB = meters(2, 3, 2, 1, 0, 0, 0, 1, 0);
            assertEquals(expectedA, counts(filterA.metrics()));
            assertEquals(expectedB, counts(filterB.metrics()));

            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = jmx.queryNames(new ObjectName("dev.portablesession:type=SessionFilter,namespace=\""
                    + NAMESPACE + "\",*"), null);
            assertEquals(2, names.size(), names.toString());
            for (ObjectName name : names) {
                Map<String, Object> published = new LinkedHashMap<>();
                for (String attribute : expectedA.keySet()) {
                    published.put(attribute, jmx.getAttribute(name, attribute));
                }
                assertTrue(published.equals(expectedA) || published.equals(expectedB), name + ": " + published);
                assertEquals(Boolean.TRUE, jmx.getAttribute(name, "StoreAnswering"));
            }

            for (SessionMetrics metrics : new SessionMetrics[] {filterA.metrics(), filterB.metrics()}) {
                assertFalse(metrics.isInOutage());
                assertEquals(0, metrics.getOutages());
                assertEquals(0, metrics.getLockWaits() + metrics.getLockTimeouts() + metrics.getLocksLost());
                assertEquals(0, metrics.getDecodeFailures());
                assertTrue(metrics.getRedisErrors().values().stream().allMatch(count -> count == 0), metrics.getRedisErrors().toString());
                assertTrue(metrics.getBytesReceived() > 0);
                assertTrue(metrics.getRedisLatencyP99Millis() >= metrics.getRedisLatencyP50Millis());
                assertTrue(metrics.getRedisLatencyP50Millis() > 0);
                assertTrue(metrics.isStoreAnswering());
            }
            assertTrue(filterA.metrics().getBytesSent() > 0, "the create and the save sent the user");

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new SessionMeterBinder(filterA, Tags.of("app", "a")).bindTo(registry);
            assertEquals(3.0, registry.get("portablesession.hits").tag("app", "a").functionCounter().count());
            assertEquals(4.0, registry.get("portablesession.requests").functionCounter().count());
            assertEquals(1.0, registry.get("portablesession.encode.refusals").functionCounter().count());
            assertEquals(0.0, registry.get("portablesession.redis.errors").tag("operation", "save").functionCounter().count());
            assertEquals(filterA.metrics().getRedisLatencyP99Millis(),
                    registry.get("portablesession.redis.latency").tag("quantile", "0.99").gauge().value(), 1e-9);
            assertEquals(1.0, registry.get("portablesession.store.answering").gauge().value());
            assertEquals(0.0, registry.get("portablesession.outage").gauge().value());
        }
        assertEquals(Set.of(), ManagementFactory.getPlatformMBeanServer().queryNames(
                new ObjectName("dev.portablesession:type=SessionFilter,namespace=\"" + NAMESPACE + "\",*"), null),
                "destroy withdraws the MXBeans");
    }

    /**
     * Five sessions over two servers, two invalidated, one left to expire: both servers count the
     * two left, from Redis, through the filter's API, JMX and Micrometer.
     */
    @Test
    void theActiveSessionsAreCountedInRedisForEveryServer(RedisServer redis) throws Exception {
        String namespace = "it-metrics-active";
        RedisSessionFilter filterA = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(namespace)
                .expiryEvents(ExpiryEvents.ON).expiryPollInterval(Duration.ofMillis(200)).build();
        RedisSessionFilter filterB = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(namespace)
                .expiryEvents(ExpiryEvents.ON).expiryPollInterval(Duration.ofMillis(200)).build();
        try (JettyNode a = JettyNode.start("a", filterA); JettyNode b = JettyNode.start("b", filterB)) {
            List<Browser> users = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Browser user = new Browser(a.root(), b.root());
                user.get("/s?op=set&name=user&value=u" + i);
                users.add(user);
            }
            users.get(0).get("/s?op=invalidate");
            users.get(1).get("/s?op=invalidate");
            users.get(2).get("/s?op=maxInactive&value=1");
            assertEquals(5, filterA.metrics().getCreates() + filterB.metrics().getCreates());

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (filterA.metrics().getExpiries() + filterB.metrics().getExpiries() < 1) {
                assertTrue(System.nanoTime() < deadline, "the short session did not expire within 30 s");
                Thread.sleep(50);
            }
            // The poller counts the expiry when it fires the events, and removes the session from the
            // index only after them: until then (and for the count's 5 s cache) it may still count.
            long settled = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (filterA.metrics().getActiveSessions() != 2) {
                assertTrue(System.nanoTime() < settled, "active sessions on A: " + filterA.metrics().getActiveSessions());
                Thread.sleep(200);
            }
            assertEquals(2, filterB.metrics().getActiveSessions());
            for (ObjectName name : ManagementFactory.getPlatformMBeanServer().queryNames(
                    new ObjectName("dev.portablesession:type=SessionFilter,namespace=\"" + namespace + "\",*"), null)) {
                assertEquals(2L, ManagementFactory.getPlatformMBeanServer().getAttribute(name, "ActiveSessions"), name.toString());
            }
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new SessionMeterBinder(filterA, Tags.of("app", "a")).bindTo(registry);
            assertEquals(2.0, registry.get("portablesession.sessions.active").gauge().value());
        }
    }

    @Test
    void withoutAnExpiryIndexTheActiveSessionsAreUnknown(RedisServer redis) throws Exception {
        RedisSessionFilter filter = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-metrics-unknown")
                .expiryEvents(ExpiryEvents.OFF).build();
        try (JettyNode a = JettyNode.start("a", filter)) {
            new Browser(a.root()).get("/s?op=set&name=user&value=alice");
            assertEquals(-1, filter.metrics().getActiveSessions());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new SessionMeterBinder(filter, Tags.empty()).bindTo(registry);
            assertTrue(Double.isNaN(registry.get("portablesession.sessions.active").gauge().value()));
        }
    }

    private static Map<String, Object> meters(long requests, long loads, long hits, long misses, long creates, long saves,
            long invalidations, long idChanges, long encodeRefusals) {
        Map<String, Object> meters = new LinkedHashMap<>();
        meters.put("RequestsWithSession", requests);
        meters.put("Loads", loads);
        meters.put("Hits", hits);
        meters.put("Misses", misses);
        meters.put("Creates", creates);
        meters.put("Saves", saves);
        meters.put("Invalidations", invalidations);
        meters.put("IdChanges", idChanges);
        meters.put("EncodeRefusals", encodeRefusals);
        return meters;
    }

    private static Map<String, Object> counts(SessionMetrics metrics) {
        return meters(metrics.getRequestsWithSession(), metrics.getLoads(), metrics.getHits(), metrics.getMisses(),
                metrics.getCreates(), metrics.getSaves(), metrics.getInvalidations(), metrics.getIdChanges(),
                metrics.getEncodeRefusals());
    }
}
