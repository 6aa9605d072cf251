package dev.portablesession.testing;

/**
 * A real Redis server that a test may use: where it is, how to log in, and a {@link RespClient}
 * to look into it independently of the library under test.
 *
 * <p>Get the shared one by declaring a parameter of this type in a test, constructor or lifecycle
 * method of a class extended with {@link RedisExtension}; get a private one, which a test may stop
 * and restart, from {@link RedisExtension#startPrivate()}.
 */
public interface RedisServer {

    /** Host name or IP address; {@code 127.0.0.1} for a server the tests spawned. */
    String host();

    /** TCP port. */
    int port();

    /** ACL user name, or {@code null} for the default user. */
    String username();

    /** Password, or {@code null} when the server needs none. */
    String password();

    /** Database index the tests use; 0 unless {@code REDIS_URL} names another. */
    int database();

    /**
     * Everything a client needs to connect: {@code redis://[user:password@]host:port[/db]}, with
     * credentials percent-encoded. It contains the password, if any: do not log it.
     */
    default String uri() {
        return RedisUri.of(host(), port(), username(), password(), database());
    }

    /** {@code redis://host:port}, without credentials or database, for clients that take those separately. */
    default String address() {
        return RedisUri.of(host(), port(), null, null, 0);
    }

    /** A client for inspecting this server, shared by all callers; it reconnects after a restart. */
    RespClient client();

    /** Deletes every key in every database of this server ({@code FLUSHALL}). */
    default void flushAll() {
        client().flushAll();
    }
}
