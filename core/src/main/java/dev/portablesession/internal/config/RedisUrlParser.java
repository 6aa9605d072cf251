package dev.portablesession.internal.config;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code redis.url} values without ever putting the password into an error message.
 *
 * <p>Rejection reasons name the part that is wrong, never its text; {@link #echo} decides how
 * much of a rejected value may be quoted.
 */
final class RedisUrlParser {

    static final String EXPECTED =
            "expected redis://[[user]:password@]host[:port][/database], or rediss:// for TLS, or "
                    + "redis-sentinel://[[user]:password@]sentinel[:port][,sentinel[:port]...][/database]#master";
    /** A master name as sentinels take it: no spaces, nothing that needs escaping. */
    private static final Pattern MASTER = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+");
    /** Hex digits, dots and at least two colons: catches typos, not every invalid address. */
    private static final Pattern IPV6 =
            Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    /**
     * A value that may be quoted in an error message: a scheme, credentials up to the last
     * {@code @} (masked by {@link #echo}), then only a plain host, a numeric port and a numeric
     * database, so nothing outside the credentials can be a misplaced password.
     */
    private static final Pattern ECHOABLE = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)"
            + "(?:(.*)@)?"
            + "((?:\\[[0-9A-Fa-f:.]*]|[A-Za-z0-9._-]*)(?::[0-9]*)?(?:/[0-9]*)?)");

    private RedisUrlParser() {
    }

    /**
     * @throws RejectedValue if the value is not a valid Redis URL; the reason contains no part of
     *     the value
     */
    static RedisUrl parse(String text) {
        if (text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new RejectedValue("the URL contains whitespace or control characters; "
                    + "percent-encode them in a password (a space is %20)");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean sentinel = lower.startsWith("redis-sentinel://") || lower.startsWith("rediss-sentinel://");
        boolean tls = lower.startsWith("rediss://") || lower.startsWith("rediss-sentinel://");
        if (!sentinel && !tls && !lower.startsWith("redis://")) {
            throw new RejectedValue("the scheme must be redis://, rediss:// or redis-sentinel://; " + EXPECTED);
        }
        String rest = text.substring(text.indexOf("://") + 3);

        Optional<String> username = Optional.empty();
        Optional<String> password = Optional.empty();
        // The last '@' ends the credentials, so a password may contain an unencoded '@'.
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new RejectedValue("the credentials must be written user:password@ or "
                        + ":password@ (a name alone is not accepted); " + EXPECTED);
            }
            username = Optional.of(decode(userInfo.substring(0, colon), "user name"))
                    .filter(name -> !name.isEmpty());
            // user:@ names the user and leaves the password to redis.password-file (Settings checks it is set).
            password = Optional.of(decode(userInfo.substring(colon + 1), "password")).filter(secret -> !secret.isEmpty());
            if (password.isEmpty() && username.isEmpty()) {
                throw new RejectedValue("the password is empty; " + EXPECTED);
            }
            rest = rest.substring(at + 1);
        }
        Optional<String> master = Optional.empty();
        if (sentinel) {
            int hash = rest.indexOf('#');
            if (hash < 0 || !MASTER.matcher(rest.substring(hash + 1)).matches()) {
                throw new RejectedValue("a redis-sentinel:// URL ends with #<master name>, the name the sentinels "
                        + "monitor (letters, digits, '.', '-', '_'); " + EXPECTED);
            }
            master = Optional.of(rest.substring(hash + 1));
            rest = rest.substring(0, hash);
        }
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new RejectedValue("query parameters and fragments are not supported; "
                    + "use the redis.* settings or redis.config-file");
        }

        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        List<String[]> parsed = new ArrayList<>();
        for (String each : sentinel ? hosts.split(",", -1) : new String[] {hosts}) {
            parsed.add(hostAndPort(each, sentinel ? RedisUrl.DEFAULT_SENTINEL_PORT : RedisUrl.DEFAULT_PORT));
        }
        int database = path.isEmpty() ? 0 : number(path, 0, Integer.MAX_VALUE,
                "the database must be a number, 0 or more, as in redis://host:6379/0");
        String host = parsed.get(0)[0];
        int port = Integer.parseInt(parsed.get(0)[1]);
        if (!sentinel) {
            return new RedisUrl(tls, host, port, username, password, database);
        }
        List<String> sentinels = parsed.stream()
                .map(hostPort -> (hostPort[0].contains(":") ? "[" + hostPort[0] + "]" : hostPort[0]) + ":" + hostPort[1])
                .toList();
        return new RedisUrl(tls, host, port, username, password, database, sentinels, master);
    }

    /** {host, port} of one {@code host[:port]} or {@code [ipv6][:port]}, the port defaulting to {@code defaultPort}. */
    private static String[] hostAndPort(String hostAndPort, int defaultPort) {
        String host;
        String port;
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            if (close < 0 || !IPV6.matcher(hostAndPort.substring(1, close)).matches()) {
                throw new RejectedValue("the host in brackets must be an IPv6 address, "
                        + "as in redis://[::1]:6379");
            }
            host = hostAndPort.substring(1, close);
            port = portAfter(hostAndPort.substring(close + 1));
        } else {
            int colon = hostAndPort.indexOf(':');
            if (colon >= 0 && hostAndPort.indexOf(':', colon + 1) >= 0) {
                throw new RejectedValue("an IPv6 address must be written in brackets, "
                        + "as in redis://[::1]:6379");
            }
            host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
            port = colon < 0 ? null : hostAndPort.substring(colon + 1);
            if (host.isEmpty()) {
                throw new RejectedValue("the host is missing; " + EXPECTED);
            }
            if (!HOST.matcher(host).matches()) {
                throw new RejectedValue("the host may contain only letters, digits, '.', '-' "
                        + "and '_' (write an IPv6 address in brackets)");
            }
        }
        int number = port == null ? defaultPort : number(port, 1, 65535, "the port must be a number from 1 to 65535");
        return new String[] {host, Integer.toString(number)};
    }

    /**
     * @return the value with its password masked, such as {@code redis://user:****@host:x}, or
     *     empty when the value is too malformed to tell where a password might be
     */
    static Optional<String> echo(String text) {
        Matcher matcher = ECHOABLE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String userInfo = matcher.group(2);
        String masked = userInfo == null ? ""
                : userInfo.indexOf(':') < 0 ? "****@"
                : userInfo.substring(0, userInfo.indexOf(':')) + ":****@";
        return Optional.of(matcher.group(1) + masked + matcher.group(3));
    }

    private static String portAfter(String afterBracket) {
        if (afterBracket.isEmpty()) {
            return null;
        }
        if (!afterBracket.startsWith(":")) {
            throw new RejectedValue("expected :port after the IPv6 address in brackets");
        }
        return afterBracket.substring(1);
    }

    private static int number(String text, int min, int max, String reason) {
        if (!DIGITS.matcher(text).matches()) {
            throw new RejectedValue(reason);
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new RejectedValue(reason);
        }
        return (int) value;
    }

    /** Percent-decodes as UTF-8; other characters stand for themselves. */
    private static String decode(String text, String part) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '%') {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            } else if (i + 2 < text.length() && HexFormat.isHexDigit(text.charAt(i + 1))
                    && HexFormat.isHexDigit(text.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 3;
            } else {
                throw new RejectedValue("the " + part + " contains a '%' that does not start a "
                        + "percent-encoded byte; write '%' as %25");
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
