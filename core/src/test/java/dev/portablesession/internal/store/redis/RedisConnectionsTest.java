package dev.portablesession.internal.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.portablesession.internal.config.SettingSources;
import dev.portablesession.internal.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.client.codec.ByteArrayCodec;

class RedisConnectionsTest {

    @Test
    void twoNettyThreadsPerCpuAtMostRedissonsDefault() {
        assertEquals(2, RedisConnections.nettyThreads(1, 32));
        assertEquals(4, RedisConnections.nettyThreads(2, 32));
        assertEquals(32, RedisConnections.nettyThreads(16, 32));
        assertEquals(32, RedisConnections.nettyThreads(96, 32));
    }

    /** Kryo, Redisson's default codec, is not on core's runtime classpath: Redisson must never build it. */
    @Test
    void aCodecIsSetSoRedissonNeverBuildsItsDefault(@TempDir Path dir) throws IOException {
        Settings fromUrl = Settings.load(SettingSources.builder()
                .initParams(Map.of("redis.url", "redis://127.0.0.1:6379")::get));
        assertSame(ByteArrayCodec.INSTANCE, RedisConnections.redissonConfig(fromUrl).getCodec());

        Path yaml = Files.writeString(dir.resolve("redisson.yaml"), "singleServerConfig:\n  address: \"redis://127.0.0.1:6379\"\n");
        Settings fromFile = Settings.load(SettingSources.builder()
                .initParams(Map.of("redis.config-file", yaml.toString())::get));
        assertSame(ByteArrayCodec.INSTANCE, RedisConnections.redissonConfig(fromFile).getCodec());
    }
}
