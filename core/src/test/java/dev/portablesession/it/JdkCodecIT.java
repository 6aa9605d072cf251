package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.CodecType;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** codec=jdk end to end: values set on one server are read, and changed in place, on the other. */
@ExtendWith(RedisExtension.class)
class JdkCodecIT {

    @Test
    void javaSerializationAcrossServers(RedisServer redis) {
        RedisSessionFilter.Builder builder = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-jdk").codec(CodecType.JDK);
        try (JettyNode a = JettyNode.start("a", builder.build()); JettyNode b = JettyNode.start("b", builder.build())) {
            Browser browser = new Browser(a.root(), b.root());
            browser.get("/s?op=set&name=user&value=alice");
            assertEquals("alice", browser.get("/s?op=get&name=user").body());
            browser.get("/s?op=append&name=list&value=one");
            browser.get("/s?op=append&name=list&value=two");
            assertEquals("[one, two]", browser.get("/s?op=get&name=list").body());

            byte[] stored = redis.client().hgetall(RedisSessionStore.key("it-jdk", browser.cookie())).get("a:user");
            assertTrue(stored[0] == (byte) 0xAC && stored[1] == (byte) 0xED, "Java serialization stream magic");

            Browser.Response refused = browser.get("/s?op=unencodable&name=thing");
            assertEquals(400, refused.status());
            assertTrue(refused.body().contains("\"thing\"") && refused.body().contains("Serializable"), refused.body());
        }
    }
}
