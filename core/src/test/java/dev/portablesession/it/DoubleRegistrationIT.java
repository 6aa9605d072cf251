package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A filter registered twice by mistake wraps once and says so, once. */
@ExtendWith(RedisExtension.class)
class DoubleRegistrationIT {

    @Test
    void secondRegistrationPassesThroughAndWarnsOnce(RedisServer redis) {
        LibraryLog log = LibraryLog.capture();
        FilterHolder first = new FilterHolder(RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-twice").build());
        try (JettyNode node = JettyNode.start("a", first, Map.of())) {
            ServletHandler handler = node.servletHandler();
            FilterHolder second = new FilterHolder(RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-twice").build());
            handler.addFilterWithMapping(second, "/*", EnumSet.allOf(DispatcherType.class));
            Browser browser = new Browser(node.root());
            browser.get("/s?op=set&name=user&value=zoe");
            assertEquals("zoe", browser.get("/s?op=get&name=user").body());
            assertEquals(1, browser.setCookieHeaders().size(), "one cookie, from one wrapping: " + browser.setCookieHeaders());
        } finally {
            log.close();
        }
        List<String> warnings = log.messages().stream().filter(m -> m.contains("registered twice")).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("Remove one of them"));
    }
}
