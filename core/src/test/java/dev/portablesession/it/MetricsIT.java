package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.SessionMeterBinder;
import dev.portablesession.SessionMetrics;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
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
