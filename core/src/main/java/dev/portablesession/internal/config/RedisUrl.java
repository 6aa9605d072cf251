package dev.portablesession.internal.config;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code redis://} or {@code rediss://} URL (setting {@code redis.url}), or a
 * {@code redis-sentinel://} one naming sentinels and a master.
 *
 * <p>{@link #toString()} masks the password; use {@link #password()} only to hand it to the
 * Redis client.
 *
 * @param tls whether the scheme is {@code rediss} (TLS)
 * @param host host name or IP address; an IPv6 address without brackets
 * @param port TCP port, 1 to 65535; 6379 when the URL has none
 * @param username the ACL user name; empty for the {@code default} user
 * @param password the password, percent-decoded; empty when the URL has none
 * @param database the database index, 0 or more; 0 when the URL has none
 * @param sentinels for {@code redis-sentinel://}, every sentinel as {@code host:port} (IPv6 in
 *     brackets), {@code host}/{@code port} being the first; empty for a single server
 * @param master for {@code redis-sentinel://}, the name the sentinels monitor the master under
 */
public record RedisUrl(boolean tls, String host, int port, Optional<String> username,
        Optional<String> password, int database, List<String> sentinels, Optional<String> master) {

    /** The port Redis listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 6379;
    /** The port a sentinel listens on unless told otherwise. */
    public static final int DEFAULT_SENTINEL_PORT = 26379;

    /** A single server. */
    public RedisUrl(boolean tls, String host, int port, Optional<String> username, Optional<String> password,
            int database) {
        this(tls, host, port, username, password, database, List.of(), Optional.empty());
    }

    /** Checks the components; messages never contain the password. */
    public RedisUrl {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not from 1 to 65535");
        }
        if (database < 0) {
            throw new IllegalArgumentException("database " + database + " is negative");
        }
        sentinels = List.copyOf(sentinels);
        Objects.requireNonNull(master, "master");
        if (sentinels.isEmpty() != master.isEmpty()) {
            throw new IllegalArgumentException("sentinels and a master name go together");
        }
    }

    /** Whether this URL names sentinels rather than one server. */
    public boolean isSentinel() {
        return !sentinels.isEmpty();
    }

    /** @return each sentinel as Redisson's {@code addSentinelAddress} expects, such as {@code redis://s1:26379} */
    public List<String> sentinelAddresses() {
        return sentinels.stream().map(sentinel -> (tls ? "rediss://" : "redis://") + sentinel).toList();
    }

    /**
     * @return scheme, host and port without credentials or database, such as
     *     {@code redis://127.0.0.1:6379} or {@code rediss://[::1]:6380}: what Redisson's
     *     {@code setAddress} expects
     */
    public String address() {
        return (tls ? "rediss://" : "redis://") + hostAndPort();
    }

    /**
     * @return the URL with the password masked, such as {@code redis://user:****@host:6379/0};
     *     safe to log
     */
    @Override
    public String toString() {
        String userInfo = username.map(RedisUrl::encode).orElse("")
                + password.map(secret -> ":****").orElse("");
        if (isSentinel()) {
            return (tls ? "rediss-sentinel://" : "redis-sentinel://") + (userInfo.isEmpty() ? "" : userInfo + "@")
                    + String.join(",", sentinels) + "/" + database + "#" + master.get();
        }
        return (tls ? "rediss://" : "redis://") + (userInfo.isEmpty() ? "" : userInfo + "@")
                + hostAndPort() + "/" + database;
    }

    private String hostAndPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    private static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
