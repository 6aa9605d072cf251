package dev.portablesession.testing;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;

/** The server named by {@code REDIS_URL}: someone else runs it, the tests only connect to it. */
final class ExternalRedisServer implements ManagedRedisServer {

    private static final int DEFAULT_PORT = 6379;

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final int database;
    private final RespClient client;

    private ExternalRedisServer(String host, int port, String username, String password, int database) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.database = database;
        this.client = new RespClient(host, port, username, password, database);
    }

    /**
     * Connects to {@code redis://[user:password@]host[:port][/db]} and checks it answers
     * {@code PING}. A password alone may be given as {@code redis://:password@host}.
     *
     * @throws IllegalStateException if the URL is malformed or the server does not answer; the
     *     message never contains the password
     */
    static ExternalRedisServer connect(String url) {
        ExternalRedisServer server = parse(url);
        try {
            server.client.command("PING");
        } catch (UncheckedIOException | RespClient.ErrorReply e) {
            server.close();
            throw new IllegalStateException("REDIS_URL=" + server.redactedUri() + " does not answer PING: "
                    + e.getMessage() + ". Start that server, correct REDIS_URL, or unset it to let the"
                    + " tests spawn a Redis of their own.", e);
        }
        return server;
    }

    private static ExternalRedisServer parse(String url) {
        String usage = "REDIS_URL must look like redis://[user:password@]host[:port][/db]"
                + " (value not shown: it may contain a password)";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(usage);
        }
        if ("rediss".equals(uri.getScheme())) {
            throw new IllegalStateException("REDIS_URL uses rediss:// (TLS), which the test harness does"
                    + " not support; give a redis:// URL");
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalStateException(usage);
        }
        String username = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            int colon = uri.getUserInfo().indexOf(':');
            if (colon < 0) {
                password = uri.getUserInfo();
            } else {
                username = colon == 0 ? null : uri.getUserInfo().substring(0, colon);
                password = uri.getUserInfo().substring(colon + 1);
            }
        }
        int database = 0;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!path.isEmpty()) {
            try {
                database = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw new IllegalStateException(usage + "; the path must be a database number");
            }
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        return new ExternalRedisServer(uri.getHost(), port, username, password, database);
    }

    /** The URI with the password replaced by {@code ***}, fit for logs. */
    String redactedUri() {
        String userInfo = password == null ? "" : (username == null ? "" : username) + ":***@";
        return "redis://" + userInfo + host + ":" + port + (database == 0 ? "" : "/" + database);
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public int database() {
        return database;
    }

    @Override
    public RespClient client() {
        return client;
    }

    @Override
    public String origin() {
        return "REDIS_URL=" + redactedUri();
    }

    /** Closes the inspection client only: the server is not ours to stop. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "Redis " + origin();
    }
}
