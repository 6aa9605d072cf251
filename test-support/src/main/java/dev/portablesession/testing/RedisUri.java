package dev.portablesession.testing;

import java.net.URI;
import java.net.URISyntaxException;

/** Builds {@code redis://} URIs with percent-encoded credentials. */
final class RedisUri {

    private RedisUri() {
    }

    /**
     * {@code redis://[user:password@]host:port[/db]}.
     *
     * @param username {@code null} for the default user
     * @param password {@code null} for none
     * @param database 0 leaves the path out
     */
    static String of(String host, int port, String username, String password, int database) {
        String userInfo = password == null ? username : (username == null ? "" : username) + ":" + password;
        String path = database == 0 ? null : "/" + database;
        try {
            return new URI("redis", userInfo, host, port, path, null, null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build a redis:// URI for " + host + ":" + port, e);
        }
    }
}
