package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.InvalidSettingException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedisUrlTest {

    private static RedisUrl parse(String url) {
        return RedisUrlParser.parse(url);
    }

    private static String rejection(String url) {
        return assertThrows(InvalidSettingException.class, () -> Settings.load(
                SettingSources.builder().initParams(name ->
                        name.equals("redis.url") ? url : null))).getMessage();
    }

    @Test
    void plainHostGetsDefaultPortAndDatabase() {
        RedisUrl url = parse("redis://cache.example");
        assertEquals(new RedisUrl(false, "cache.example", 6379, Optional.empty(), Optional.empty(),
                0), url);
        assertEquals("redis://cache.example:6379", url.address());
        assertEquals("redis://cache.example:6379/0", url.toString());
    }

    @Test
    void fullUrlWithUserPasswordPortAndDatabase() {
        RedisUrl url = parse("rediss://app:s3cret@10.0.0.7:6380/3");
        assertTrue(url.tls());
        assertEquals("10.0.0.7", url.host());
        assertEquals(6380, url.port());
        assertEquals(Optional.of("app"), url.username());
        assertEquals(Optional.of("s3cret"), url.password());
        assertEquals(3, url.database());
        assertEquals("rediss://10.0.0.7:6380", url.address());
        assertEquals("rediss://app:****@10.0.0.7:6380/3", url.toString());
    }

    @Test
    void passwordWithoutUser() {
        RedisUrl url = parse("redis://:s3cret@cache");
        assertEquals(Optional.empty(), url.username());
        assertEquals(Optional.of("s3cret"), url.password());
        assertEquals("redis://:****@cache:6379/0", url.toString());
    }

    @Test
    void credentialsArePercentDecoded() {
        RedisUrl url = parse("redis://us%40er:p%3Ass%2Fw%25rd%20%C3%A9@cache");
        assertEquals(Optional.of("us@er"), url.username());
        assertEquals(Optional.of("p:ss/w%rd é"), url.password());
        assertEquals("redis://us%40er:****@cache:6379/0", url.toString());
    }

    @Test
    void unencodedAtSignAndColonInPasswordAreKept() {
        RedisUrl url = parse("redis://user:p@ss:w0rd@cache:7000");
        assertEquals(Optional.of("user"), url.username());
        assertEquals(Optional.of("p@ss:w0rd"), url.password());
        assertEquals(7000, url.port());
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertTrue(parse("REDISS://cache").tls());
        assertFalse(parse("Redis://cache").tls());
    }

    @ParameterizedTest
    @CsvSource({
        "redis://[::1], ::1, 6379, redis://[::1]:6379",
        "redis://[::1]:6380/1, ::1, 6380, redis://[::1]:6380",
        "rediss://[2001:db8::7]:7000, 2001:db8::7, 7000, rediss://[2001:db8::7]:7000",
        "redis://[::ffff:10.0.0.1], ::ffff:10.0.0.1, 6379, redis://[::ffff:10.0.0.1]:6379",
    })
    void ipv6InBrackets(String text, String host, int port, String address) {
        RedisUrl url = parse(text);
        assertEquals(host, url.host());
        assertEquals(port, url.port());
        assertEquals(address, url.address());
    }

    @Test
    void sentinelUrlNamesEverySentinelAndTheMaster() {
        RedisUrl url = parse("redis-sentinel://app:s3cret@s1,s2:26380,[::1]/2#mymaster");
        assertTrue(url.isSentinel());
        assertFalse(url.tls());
        assertEquals(List.of("s1:26379", "s2:26380", "[::1]:26379"), url.sentinels());
        assertEquals(List.of("redis://s1:26379", "redis://s2:26380", "redis://[::1]:26379"), url.sentinelAddresses());
        assertEquals(Optional.of("mymaster"), url.master());
        assertEquals(2, url.database());
        assertEquals(Optional.of("s3cret"), url.password());
        assertEquals("redis-sentinel://app:****@s1:26379,s2:26380,[::1]:26379/2#mymaster", url.toString());
        RedisUrl tls = parse("rediss-sentinel://s1#cache");
        assertTrue(tls.tls());
        assertEquals(List.of("rediss://s1:26379"), tls.sentinelAddresses());
        assertEquals(0, tls.database());
        assertFalse(parse("redis://cache").isSentinel());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "redis-sentinel://s1:26379/0|a redis-sentinel:// URL ends with #<master name>",
        "redis-sentinel://s1#|a redis-sentinel:// URL ends with #<master name>",
        "redis-sentinel://s1#my master|whitespace",
        "redis-sentinel://s1,,s2#m|the host is missing",
        "redis-sentinel://s1:99999#m|the port must be a number from 1 to 65535",
        "redis://cache#m|query parameters and fragments are not supported",
    })
    void malformedSentinelUrlsAreRefusedSayingWhy(String text, String reason) {
        RejectedValue rejected = assertThrows(RejectedValue.class, () -> parse(text));
        assertTrue(rejected.getMessage().contains(reason), rejected.getMessage());
    }

    @Test
    void trailingSlashMeansDatabaseZero() {
        assertEquals(0, parse("redis://cache:6379/").database());
        assertEquals(15, parse("redis://cache/15").database());
    }

    @Test
    void hostWithUnderscoreAndDashes() {
        assertEquals("redis_1.my-net", parse("redis://redis_1.my-net").host());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://cache | invalid setting redis.url = \"http://cache\" (from init-param redis.url): "
                + "the scheme must be redis://, rediss:// or redis-sentinel://; " + RedisUrlParser.EXPECTED,
        "redis://cache:0 | invalid setting redis.url = \"redis://cache:0\" (from init-param "
                + "redis.url): the port must be a number from 1 to 65535",
        "redis://cache:65536 | invalid setting redis.url = \"redis://cache:65536\" (from "
                + "init-param redis.url): the port must be a number from 1 to 65535",
        "redis://cache: | invalid setting redis.url = \"redis://cache:\" (from init-param "
                + "redis.url): the port must be a number from 1 to 65535",
        "redis://cache:99999999999 | invalid setting redis.url = \"redis://cache:99999999999\" "
                + "(from init-param redis.url): the port must be a number from 1 to 65535",
        "redis://cache/99999999999 | invalid setting redis.url = \"redis://cache/99999999999\" "
                + "(from init-param redis.url): the database must be a number, 0 or more, as in "
                + "redis://host:6379/0",
        "redis://:6379 | invalid setting redis.url = \"redis://:6379\" (from init-param "
                + "redis.url): the host is missing; " + RedisUrlParser.EXPECTED,
        "redis://user:pw@cache:abc | invalid setting redis.url (from init-param redis.url): the "
                + "port must be a number from 1 to 65535 (the value is not shown: it may contain "
                + "a password)",
        "redis://user:pw@ | invalid setting redis.url = \"redis://user:****@\" (from init-param "
                + "redis.url): the host is missing; " + RedisUrlParser.EXPECTED,
    })
    void rejectionsNameThePartAndShowTheMaskedValue(String url, String message) {
        assertEquals(message, rejection(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "redis://cache/db1", "redis://cache/-1", "redis://cache/1/2", "redis://cache:6379x",
        "redis://::1", "redis://[::1", "redis://[cache]", "redis://[::1]6379", "redis://ca che",
        "redis://cache?timeout=5", "redis://cache#x", "redis://cache:-1", "redis:cache",
        "cache:6379", "redis://", "redis://@cache", "redis://user@cache", "redis://user:@cache",
        "redis://:@cache", "redis://:%zz@cache", "redis://:abc%4@cache", "redis://u%@cache",
    })
    void malformedUrlsAreRejected(String url) {
        String message = rejection(url);
        assertTrue(message.startsWith("invalid setting redis.url"), message);
        assertTrue(message.contains("(from init-param redis.url): "), message);
    }

    @Test
    void componentsAreCheckedWhenBuiltDirectly() {
        assertThrows(IllegalArgumentException.class,
                () -> new RedisUrl(false, "", 6379, Optional.empty(), Optional.empty(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new RedisUrl(false, "h", 0, Optional.empty(), Optional.empty(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new RedisUrl(false, "h", 6379, Optional.empty(), Optional.empty(), -1));
    }

    @Test
    void toStringOfDirectlyBuiltUrlMasksThePassword() {
        RedisUrl url = new RedisUrl(true, "::1", 6379, Optional.of("a:b"), Optional.of("pw"), 1);
        assertEquals("rediss://a%3Ab:****@[::1]:6379/1", url.toString());
    }
}
