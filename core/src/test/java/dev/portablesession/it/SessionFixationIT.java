package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an attacker who plants or steals a cookie cannot do, for the claims in docs/security.md:
 * a planted id is never adopted; an id of another application on the same Redis names nothing
 * here; an invalidated id or the id before changeSessionId is dead on every server.
 */
@ExtendWith(RedisExtension.class)
class SessionFixationIT {

    @Test
    void aPlantedIdThatNamesNoSessionIsNeverAdopted(RedisServer redis) {
        RedisSessionFilter.Builder builder = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-fixation");
        try (JettyNode a = JettyNode.start("a", builder.build()); JettyNode b = JettyNode.start("b", builder.build());
                RespClient raw = RespClient.connectTo(redis)) {
            String planted = SessionIds.generate();
            Browser victim = new Browser(a.root(), b.root());
            victim.cookie(planted);
            assertEquals("ok", victim.get("/s?op=set&name=user&value=victim").body());

            assertNotEquals(planted, victim.cookie(), "the filter issued its own id");
            assertTrue(SessionIds.isWellFormed(victim.cookie()));
            assertFalse(raw.exists(RedisSessionStore.key("it-fixation", planted)), "nothing stored under the planted id");
            Browser attacker = new Browser(b.root());
            attacker.cookie(planted);
            assertEquals("no-session", attacker.get("/s?op=get&name=user").body());
        }
    }

    @Test
    void anIdOfAnotherApplicationOnTheSameRedisNamesNothingHere(RedisServer redis) {
        try (JettyNode shop = JettyNode.start("shop", RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-shop").build());
                JettyNode admin = JettyNode.start("admin", RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-admin").build())) {
            Browser user = new Browser(shop.root());
            user.get("/s?op=set&name=role&value=admin");
            String shopId = user.cookie();
            Browser carried = new Browser(admin.root());
            carried.cookie(shopId);
            assertEquals("no-session", carried.get("/s?op=get&name=role").body());
            assertEquals("no-session", carried.get("/s?op=info").body());
        }
    }

    @Test
    void anIdKilledByChangeSessionIdOrInvalidateIsDeadOnEveryServer(RedisServer redis) {
        RedisSessionFilter.Builder builder = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace("it-fixation-dead");
        try (JettyNode a = JettyNode.start("a", builder.build()); JettyNode b = JettyNode.start("b", builder.build())) {
            Browser user = new Browser(a.root());
            user.get("/s?op=set&name=user&value=alice");
            String beforeLogin = user.cookie();
            user.get("/s?op=changeId");
            String afterLogin = user.cookie();
            assertNotEquals(beforeLogin, afterLogin);

            Browser stolenBefore = new Browser(b.root());
            stolenBefore.cookie(beforeLogin);
            assertEquals("no-session", stolenBefore.get("/s?op=get&name=user").body());

            user.get("/s?op=invalidate");
            Browser stolenAfter = new Browser(b.root());
            stolenAfter.cookie(afterLogin);
            assertEquals("no-session", stolenAfter.get("/s?op=get&name=user").body());
        }
    }
}
