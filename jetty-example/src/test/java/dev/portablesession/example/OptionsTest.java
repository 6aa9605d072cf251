package dev.portablesession.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static final Map<String, String> NO_ENV = Map.of();

    private static Options parse(String... args) {
        return Options.parse(List.of(args), NO_ENV);
    }

    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void defaultsAreTwoNodesBehindPort8080WithAnEmbeddedRedis() {
        Options options = parse();
        assertEquals(8080, options.port());
        assertEquals(List.of("node-1", "node-2"), options.names());
        assertEquals(2, options.nodes());
        assertNull(options.redisUrl());
        assertFalse(options.help());
    }

    @Test
    void flagsTakeTheirValueAsTheNextArgumentOrAfterEquals() {
        Options options = parse("--port", "9090", "--nodes=3", "--redis", "redis://cache:6380/2", "--name=web");
        assertEquals(9090, options.port());
        assertEquals(List.of("web-1", "web-2", "web-3"), options.names());
        assertEquals("redis://cache:6380/2", options.redisUrl());
    }

    @Test
    void aSingleNodeTakesTheNameAsIs() {
        assertEquals(List.of("shop-a"), parse("--nodes", "1", "--name", "shop-a").names());
        assertEquals(List.of("node-1"), parse("--nodes", "1").names());
    }

    @Test
    void portZeroPicksAFreePort() {
        assertEquals(0, parse("--port", "0").port());
    }

    @Test
    void redisUrlComesFromTheFlagThenTheEnvironment() {
        Map<String, String> env = Map.of("REDIS_URL", "rediss://user:pw@env-host:6379");
        assertEquals("rediss://user:pw@env-host:6379", Options.parse(List.of(), env).redisUrl());
        assertEquals("redis://flag-host:6379", Options.parse(List.of("--redis", "redis://flag-host:6379"), env).redisUrl());
        assertNull(Options.parse(List.of(), Map.of("REDIS_URL", "  ")).redisUrl(), "a blank REDIS_URL counts as unset");
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertTrue(parse("--help").help());
        assertTrue(parse("-h").help());
        assertTrue(parse("--port", "1", "--help", "--bogus").help());
    }

    @Test
    void unknownOptionsAndStrayArgumentsAreRefused() {
        assertEquals("unknown option --prot", error("--prot", "8080"));
        assertEquals("unknown option -p", error("-p", "8080"));
        assertEquals("unexpected argument \"8080\"", error("8080"));
    }

    @Test
    void aFlagWithoutItsValueIsRefused() {
        assertEquals("--port needs a value", error("--port"));
        assertEquals("--redis needs a value", error("--redis", "--nodes", "1"));
    }

    @Test
    void aRepeatedFlagIsRefused() {
        assertEquals("--port given more than once", error("--port", "1", "--port=2"));
    }

    @Test
    void numbersMustBeNumbersInRange() {
        assertEquals("--port must be a number from 0 to 65535, not \"http\"", error("--port", "http"));
        assertEquals("--port must be from 0 to 65535, not 65536", error("--port", "65536"));
        assertEquals("--port must be from 0 to 65535, not -1", error("--port=-1"));
        assertEquals("--nodes must be from 1 to 16, not 0", error("--nodes", "0"));
        assertEquals("--nodes must be from 1 to 16, not 17", error("--nodes", "17"));
        assertEquals("--nodes must be a number from 1 to 16, not \"two\"", error("--nodes", "two"));
    }

    @Test
    void redisUrlsMustBeRedisUrlsWithAHost() {
        assertEquals("--redis must start with redis:// or rediss://: http://cache:6379", error("--redis", "http://cache:6379"));
        assertEquals("--redis must start with redis:// or rediss://: localhost:6379", error("--redis", "localhost:6379"));
        assertEquals("--redis has no host: redis:///0", error("--redis", "redis:///0"));
        assertTrue(error("--redis", "redis://ca che:6379").startsWith("--redis is not a valid URL"));
        UsageException fromEnv = assertThrows(UsageException.class,
                () -> Options.parse(List.of(), Map.of("REDIS_URL", "tcp://cache:6379")));
        assertEquals("REDIS_URL must start with redis:// or rediss://: tcp://cache:6379", fromEnv.getMessage());
    }

    @Test
    void aPasswordInARefusedUrlIsNotRepeated() {
        String message = error("--redis", "http://admin:s3cret@cache:6379");
        assertFalse(message.contains("s3cret"), message);
        assertTrue(message.endsWith("http://***@cache:6379"), message);
    }

    @Test
    void namesStayWithinHeaderSafeCharacters() {
        assertEquals("--name must be 1 to 40 letters, digits, '.', '_' or '-', not \"a b\"", error("--name", "a b"));
        assertTrue(error("--name", "").startsWith("--name must be"));
        assertTrue(error("--name", "n".repeat(41)).startsWith("--name must be"));
        assertTrue(error("--name", "x\r\nSet-Cookie: a=b").startsWith("--name must be"));
    }

    @Test
    void theUsageNamesEveryFlag() {
        for (String flag : List.of("--port", "--nodes", "--redis", "--name", "--help")) {
            assertTrue(Options.USAGE.contains(flag), flag);
        }
    }
}
