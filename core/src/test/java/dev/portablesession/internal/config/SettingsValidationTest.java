package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.CodecType;
import dev.portablesession.CookieSecure;
import dev.portablesession.DecodeFailurePolicy;
import dev.portablesession.ExpiryEvents;
import dev.portablesession.InvalidSettingException;
import dev.portablesession.SameSite;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsValidationTest {

    private static Settings load(Map<String, String> initParams) {
        return Settings.load(SettingSources.builder().initParams(initParams::get));
    }

    private static Settings load(String key, String value) {
        return load(Map.of(key, value));
    }

    private static String rejection(Map<String, String> initParams) {
        return assertThrows(InvalidSettingException.class, () -> load(initParams)).getMessage();
    }

    private static String rejection(String key, String value) {
        return rejection(Map.of(key, value));
    }

    @ParameterizedTest
    @CsvSource({"strict, STRICT, Strict", "LAX, LAX, Lax", "Lax, LAX, Lax"})
    void sameSiteIgnoresCaseAndRendersCanonically(String text, SameSite expected,
            String attribute) {
        SameSite sameSite = load("cookie.same-site", text).cookieSameSite();
        assertEquals(expected, sameSite);
        assertEquals(attribute, sameSite.attributeValue());
    }

    @Test
    void sameSiteNoneWithSecureCookie() {
        Settings settings = load(Map.of("cookie.same-site", "none", "cookie.secure", "true"));
        assertEquals(SameSite.NONE, settings.cookieSameSite());
        assertEquals("None", settings.cookieSameSite().attributeValue());
    }

    @Test
    void trackingModesIgnoreCaseAndOrder() {
        Settings both = load("tracking-modes", "url, cookie");
        assertTrue(both.cookieTracking() && both.urlTracking());
        Settings url = load("tracking-modes", "URL");
        assertTrue(url.urlTracking() && !url.cookieTracking());
        Settings byDefault = load(Map.of());
        assertTrue(byDefault.cookieTracking() && !byDefault.urlTracking());
    }

    @Test
    void sslTrackingIsRejectedWithTheReason() {
        assertEquals("invalid setting tracking-modes = \"COOKIE,SSL\" (from init-param tracking-modes): SSL tracking is "
                + "not supported (a filter cannot reach the TLS session); expected COOKIE, URL or COOKIE,URL",
                rejection("tracking-modes", "COOKIE,SSL"));
        assertTrue(rejection("tracking-modes", "COOKIES").contains("expected one of COOKIE, URL"));
    }

    @Test
    void unknownSameSiteIsRejected() {
        assertEquals("invalid setting cookie.same-site = \"Laxx\" (from init-param "
                + "cookie.same-site): expected one of Strict, Lax, None",
                rejection("cookie.same-site", "Laxx"));
    }

    @Test
    void sameSiteNoneRequiresSecure() {
        assertEquals("invalid setting cookie.same-site = \"None\" (from init-param "
                + "cookie.same-site): SameSite=None requires cookie.secure=true, because browsers "
                + "reject SameSite=None cookies without Secure; cookie.secure is auto (from "
                + "default)", rejection("cookie.same-site", "None"));
        assertEquals("invalid setting cookie.same-site = \"None\" (from init-param "
                + "cookie.same-site): SameSite=None requires cookie.secure=true, because browsers "
                + "reject SameSite=None cookies without Secure; cookie.secure is false (from "
                + "init-param cookie.secure)",
                rejection(Map.of("cookie.same-site", "None", "cookie.secure", "false")));
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "true, ALWAYS", "FALSE, NEVER", "True, ALWAYS"})
    void cookieSecure(String text, CookieSecure expected) {
        assertEquals(expected, load("cookie.secure", text).cookieSecure());
    }

    @Test
    void unknownCookieSecureIsRejected() {
        assertEquals("invalid setting cookie.secure = \"yes\" (from init-param cookie.secure): "
                + "expected one of auto, true, false", rejection("cookie.secure", "yes"));
    }

    @ParameterizedTest
    @CsvSource({"true, true", "false, false", "FALSE, false"})
    void cookieHttpOnly(String text, boolean expected) {
        assertEquals(expected, load("cookie.http-only", text).cookieHttpOnly());
    }

    @Test
    void cookieHttpOnlyIsABoolean() {
        assertEquals("invalid setting cookie.http-only = \"1\" (from init-param "
                + "cookie.http-only): expected one of true, false",
                rejection("cookie.http-only", "1"));
    }

    @Test
    void adoptContainerSessionsIsABooleanAndOffByDefault() {
        assertTrue(load("adopt-container-sessions", "true").adoptContainerSessions());
        assertFalse(load("adopt-container-sessions", "false").adoptContainerSessions());
        assertEquals("invalid setting adopt-container-sessions = \"yes\" (from init-param "
                + "adopt-container-sessions): expected one of true, false",
                rejection("adopt-container-sessions", "yes"));
    }

    @ParameterizedTest
    @CsvSource({"json, JSON", "JDK, JDK"})
    void codec(String text, CodecType expected) {
        assertEquals(expected, load("codec", text).codec());
    }

    @ParameterizedTest
    @CsvSource({"drop, DROP", "Remove, REMOVE", "FAIL, FAIL"})
    void decodeFailure(String text, DecodeFailurePolicy expected) {
        assertEquals(expected, load("attribute.decode-failure", text).attributeDecodeFailure());
    }

    @Test
    void unknownDecodeFailureIsRejected() {
        assertEquals("invalid setting attribute.decode-failure = \"ignore\" (from init-param "
                + "attribute.decode-failure): expected one of drop, remove, fail",
                rejection("attribute.decode-failure", "ignore"));
    }

    @Test
    void replicaWaitIsOffByDefaultAndChecked() {
        Settings defaults = load(Map.of());
        assertEquals(0, defaults.redisWaitReplicas());
        assertEquals(Duration.ofSeconds(1), defaults.redisWaitTimeout());
        Settings waiting = load(Map.of("redis.wait-replicas", "2", "redis.wait-timeout", "250"));
        assertEquals(2, waiting.redisWaitReplicas());
        assertEquals(Duration.ofMillis(250), waiting.redisWaitTimeout());
        assertTrue(waiting.describe().contains("redis.wait-replicas=2, redis.wait-timeout=250ms"), waiting.describe());
        assertEquals("invalid setting redis.wait-replicas = \"-1\" (from init-param redis.wait-replicas): expected a whole number "
                + "from 0 to 100", rejection("redis.wait-replicas", "-1"));
        assertTrue(rejection("redis.wait-replicas", "one").contains("expected a whole number from 0 to 100"));
        assertEquals("conflicting settings: redis.wait-timeout (5s, from init-param redis.wait-timeout) must be shorter than "
                + "redis.request-budget (5s, from default), which also covers the write the wait follows",
                rejection(Map.of("redis.wait-replicas", "1", "redis.wait-timeout", "5s")));
        assertEquals("conflicting settings: redis.wait-timeout (1s, from default) must be shorter than "
                + "redis.request-budget (1s, from init-param redis.request-budget), which also covers the write the wait follows",
                rejection(Map.of("redis.wait-replicas", "1", "redis.request-budget", "1s")));
        assertEquals(0, load(Map.of("redis.request-budget", "1s")).redisWaitReplicas(), "no wait, no conflict");
    }

    @Test
    void expirySettingsAreReadAndChecked() {
        Settings settings = load(Map.of("expiry.events", "ON", "expiry.poll-interval", "250", "expiry.horizon", "15m"));
        assertEquals(ExpiryEvents.ON, settings.expiryEvents());
        assertEquals(Duration.ofMillis(250), settings.expiryPollInterval());
        assertEquals(Duration.ofMinutes(15), settings.expiryHorizon());
        assertEquals("invalid setting expiry.events = \"always\" (from init-param expiry.events): "
                + "expected one of auto, on, off", rejection("expiry.events", "always"));
        assertEquals("invalid setting expiry.horizon = \"0\" (from init-param expiry.horizon): "
                + "expected a duration of at least 1ms and at most 30 days (e.g. 1s, 15m, 1h)",
                rejection("expiry.horizon", "0"));
        assertEquals("invalid setting expiry.poll-interval = \"0\" (from init-param expiry.poll-interval): "
                + "expected a duration more than 0 and at most 10m", rejection("expiry.poll-interval", "0"));
    }

    @Test
    void principalSettingsAreReadAndChecked() {
        assertEquals(PrincipalSource.OFF, load(Map.of()).principal());
        assertEquals(PrincipalSource.REMOTE_USER, load(Map.of("principal", "Remote-User")).principal());
        Settings byAttribute = load(Map.of("principal", "attribute: user", "principal.max-sessions", "3",
                "principal.max-sessions-policy", "refuse"));
        assertEquals(PrincipalSource.attribute("user"), byAttribute.principal());
        assertEquals(3, byAttribute.principalMaxSessions());
        assertEquals(dev.portablesession.MaxSessionsPolicy.REFUSE, byAttribute.principalMaxSessionsPolicy());
        assertTrue(byAttribute.describe().endsWith("principal=attribute:user, principal.max-sessions=3, "
                + "principal.max-sessions-policy=refuse"), byAttribute.describe());
        assertEquals("invalid setting principal = \"attribute:\" (from init-param principal): expected off, remote-user "
                + "or attribute:NAME (NAME: the session attribute naming the user)", rejection("principal", "attribute:"));
        assertTrue(rejection("principal", "user").contains("expected off, remote-user or attribute:NAME"));
        assertTrue(rejection("principal.max-sessions", "-1").contains("expected a whole number from 0 to 1000000"));
        assertTrue(rejection("principal.max-sessions-policy", "oldest").contains("expected one of evict-oldest, refuse"));
        assertEquals("conflicting settings: principal=remote-user (from init-param principal) needs expiry events, which "
                + "expiry.events=off (from init-param expiry.events) turns off: the expiry poller is what takes an expired "
                + "session out of its user's index; set expiry.events=auto or on",
                rejection(Map.of("principal", "remote-user", "expiry.events", "off")));
    }

    @Test
    void enumsSpellTheirConfigurationValues() {
        assertEquals(List.of("auto", "true", "false"),
                List.of(CookieSecure.values()).stream().map(CookieSecure::configValue).toList());
        assertEquals(List.of("json", "jdk"),
                List.of(CodecType.values()).stream().map(CodecType::configValue).toList());
        assertEquals(List.of("drop", "remove", "fail"), List.of(DecodeFailurePolicy.values())
                .stream().map(DecodeFailurePolicy::configValue).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SESSION", "my-session_id", "__Host-x", "a!#$%&'*+.^`|~9"})
    void validCookieNames(String name) {
        Map<String, String> params = Map.of("cookie.name", name, "cookie.secure", "true",
                "cookie.path", "/");
        assertEquals(name, load(params).cookieName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"my session", "a=b", "a;b", "a,b", "sess(1)", "naïve", "a\"b", "a/b"})
    void invalidCookieNames(String name) {
        assertEquals("invalid setting cookie.name = " + Syntax.quote(name) + " (from init-param "
                + "cookie.name): expected a cookie name: letters, digits and !#$%&'*+-.^_`|~ "
                + "only (an RFC 6265 token)", rejection("cookie.name", name));
    }

    @Test
    void securePrefixRequiresSecureCookie() {
        assertEquals("invalid setting cookie.name = \"__Secure-S\" (from init-param cookie.name): "
                + "a cookie name starting with __Host- or __Secure- requires cookie.secure=true, "
                + "because browsers reject such cookies without Secure; cookie.secure is auto "
                + "(from default)", rejection("cookie.name", "__Secure-S"));
        assertEquals("__Secure-S",
                load(Map.of("cookie.name", "__Secure-S", "cookie.secure", "true")).cookieName());
    }

    @Test
    void hostPrefixRequiresRootPathAndNoDomain() {
        String expected = "invalid setting cookie.name = \"__Host-S\" (from init-param "
                + "cookie.name): a cookie name starting with __Host- requires cookie.path=/ and "
                + "no cookie.domain, because browsers reject such cookies otherwise";
        assertEquals(expected,
                rejection(Map.of("cookie.name", "__Host-S", "cookie.secure", "true")));
        assertEquals(expected, rejection(Map.of("cookie.name", "__Host-S", "cookie.secure", "true",
                "cookie.path", "/", "cookie.domain", "example.com")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/shop", "/a/b-c_d.e~f"})
    void validCookiePaths(String path) {
        assertEquals(Optional.of(path), load("cookie.path", path).cookiePath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop", "/a;b", "/a b", "/a\tb"})
    void invalidCookiePaths(String path) {
        assertEquals("invalid setting cookie.path = " + Syntax.quote(path) + " (from init-param "
                + "cookie.path): expected a path that starts with / and contains no ';', "
                + "whitespace or control characters", rejection("cookie.path", path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", ".example.com", "a-b.example.co.uk", "localhost"})
    void validCookieDomains(String domain) {
        assertEquals(Optional.of(domain), load("cookie.domain", domain).cookieDomain());
    }

    @ParameterizedTest
    @ValueSource(strings = {"exa mple.com", "-example.com", "example..com", "example.com;x",
        "http://example.com", "example.com.", ".."})
    void invalidCookieDomains(String domain) {
        assertEquals("invalid setting cookie.domain = " + Syntax.quote(domain) + " (from "
                + "init-param cookie.domain): expected a domain name such as example.com",
                rejection("cookie.domain", domain));
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop", "session:shop", "a:b:c-d_e.f/g", "x"})
    void validNamespaces(String namespace) {
        assertEquals(Optional.of(namespace), load("namespace", namespace).namespace());
    }

    @Test
    void longestNamespace() {
        String namespace = "n".repeat(100);
        assertEquals(Optional.of(namespace), load("namespace", namespace).namespace());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a{b", "a}b", "{shop}", "my shop", "a\tb", "a\u0001b", "a\u00a0b"})
    void invalidNamespaces(String namespace) {
        assertEquals("invalid setting namespace = " + Syntax.quote(namespace) + " (from "
                + "init-param namespace): expected 1 to 100 characters without '{', '}', "
                + "whitespace or control characters", rejection("namespace", namespace));
    }

    @Test
    void tooLongNamespaceIsRejected() {
        assertEquals(true, rejection("namespace", "n".repeat(101))
                .endsWith("expected 1 to 100 characters without '{', '}', whitespace or control "
                        + "characters"));
    }

    @Test
    void codecAllowSplitsOnCommasAndWhitespace() {
        assertEquals(List.of("com.acme.Cart", "com.acme.model.*", "org.shop.**", "a.B$Inner",
                        "Top"),
                load("codec.allow", "com.acme.Cart, com.acme.model.*\n org.shop.** ,,"
                        + "a.B$Inner com.acme.Cart\tTop").codecAllow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "**", "com.*.Cart", "com..acme", ".com", "com.", "com.acme.***",
        "com.acme*", "1com.acme", "com/acme/Cart", "com.acme.Cart;"})
    void invalidCodecAllowEntries(String entry) {
        assertEquals("invalid setting codec.allow = " + Syntax.quote("com.ok.Type, " + entry)
                + " (from init-param codec.allow): \"" + entry + "\" is not a class name or "
                + "package pattern; expected entries such as com.acme.Cart, com.acme.* (classes "
                + "of the package) or com.acme.** (and its subpackages), separated by commas or "
                + "spaces", rejection("codec.allow", "com.ok.Type, " + entry));
    }

    @Test
    void codecAllowListIsImmutable() {
        List<String> allow = load("codec.allow", "com.acme.*").codecAllow();
        assertThrows(UnsupportedOperationException.class, () -> allow.add("x"));
    }

    @Test
    void controlCharactersAreEscapedInMessages() {
        assertEquals("invalid setting codec = \"js\\u000aon\" (from init-param codec): expected "
                + "one of json, jdk", rejection("codec", "js\non"));
    }

    @Test
    void lockExcludeAcceptsOnlyServletUrlPatterns() {
        for (String bad : new String[] {"static/*", "/static/*/x", "/st*tic", "*.", "*.c/ss", "/a b"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> load(Map.of("lock.exclude", bad)), bad);
            assertTrue(e.getMessage().contains("lock.exclude") && e.getMessage().contains("not a URL pattern"), e.getMessage());
        }
    }

    @Test
    void describeShowsConfiguredValues() {
        Settings settings = load(Map.ofEntries(
                Map.entry("redis.url", "rediss://app:pw@cache:6380/2"),
                Map.entry("redis.timeout", "1500"),
                Map.entry("namespace", "shop"),
                Map.entry("max-inactive-interval", "90m"),
                Map.entry("cookie.name", "SID"),
                Map.entry("cookie.path", "/"),
                Map.entry("cookie.domain", "example.com"),
                Map.entry("cookie.secure", "TRUE"),
                Map.entry("cookie.same-site", "none"),
                Map.entry("cookie.max-age", "1h"),
                Map.entry("codec", "JDK"),
                Map.entry("codec.allow", "com.acme.*,com.shop.Cart"),
                Map.entry("attribute.max-size", "64KB"),
                Map.entry("codec.compress-above", "16KB"),
                Map.entry("attribute.decode-failure", "FAIL"),
                Map.entry("attribute.change-detection", "false"),
                Map.entry("lock.mode", "Exclusive"),
                Map.entry("lock.lease", "5s"),
                Map.entry("lock.wait-timeout", "250"),
                Map.entry("lock.exclude", "/static/*, *.css ,/health"),
                Map.entry("listeners", "com.acme.Audit com.acme.Audit,com.acme.Metrics")));
        assertEquals("redis.url=rediss://app:****@cache:6380/2, redis.connect-timeout=5s, "
                + "redis.timeout=1500ms, redis.request-budget=5s, redis.share-client=false, redis.down-policy=fail, redis.wait-replicas=0, namespace=shop, max-inactive-interval=90m, "
                + "cookie.name=SID, cookie.path=/, cookie.domain=example.com, cookie.secure=true, "
                + "cookie.http-only=true, cookie.same-site=None, cookie.max-age=3600s, tracking-modes=COOKIE, touch-on-every-request=false, "
                + "adopt-container-sessions=false, codec=jdk, "
                + "codec.allow=[com.acme.*, com.shop.Cart], codec.allow-application-classes=true, codec.jackson-modules=[], "
                + "codec.jackson-mixins=[], codec.compress-above=16KiB, attribute.max-size=64KiB, attribute.lazy-above=16KiB, "
                + "session.max-attributes=1000, session.max-size=8MiB, attribute.decode-failure=fail, "
                + "attribute.change-detection=false, lock.mode=exclusive, lock.lease=5s, lock.wait-timeout=250ms, "
                + "lock.exclude=[/static/*, *.css, /health], listeners=[com.acme.Audit, com.acme.Metrics], expiry.events=auto, "
                + "expiry.poll-interval=1s, expiry.horizon=1h, principal=off", settings.describe());
    }
}
