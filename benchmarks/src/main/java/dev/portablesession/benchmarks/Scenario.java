package dev.portablesession.benchmarks;

import java.util.Arrays;

/** What one request does with the session; each is a path of {@code ScenarioServlet}. */
enum Scenario {

    /** Never touches the session (the request still carries a session cookie). */
    CONTROL("control", "no session access", "/none", Pool.SMALL),
    /** Reads the ~1 KB profile of an existing session. */
    READ("read", "read a 1 KB attribute", "/read", Pool.SMALL),
    /**
     * Reads the same profile of a session that also holds the ~50 KB cart: what a request pays
     * for attributes it does not touch.
     */
    MIXED("mixed", "read 1 KB beside a 50 KB cart", "/read", Pool.CART),
    /** Sets a small attribute (a {@code Long}) of an existing session. */
    WRITE("write", "set a small attribute", "/write", Pool.SMALL),
    /** Changes one line of a ~50 KB cart in place (Spring Session: then {@code setAttribute}). */
    CART("cart", "change a 50 KB cart", "/cart", Pool.CART),
    /** Creates a session and sets one small attribute. */
    CREATE("create", "create a session", "/create", Pool.NONE),
    /** {@link #CONCURRENT_CLIENTS} clients on one session, each adding one to its own counter. */
    CONCURRENT("concurrent", "16 clients, one session", "/incr", Pool.SHARED);

    /** Clients of the concurrent scenario, whatever the number of clients of the others. */
    static final int CONCURRENT_CLIENTS = 16;

    /** Which sessions the requests carry. */
    enum Pool {
        /** One of the pre-created sessions holding the profile. */
        SMALL,
        /** One of the pre-created sessions holding the profile and the cart. */
        CART,
        /** No session cookie. */
        NONE,
        /** One fresh session per run, shared by all clients. */
        SHARED
    }

    private final String key;
    private final String title;
    private final String path;
    private final Pool pool;

    Scenario(String key, String title, String path, Pool pool) {
        this.key = key;
        this.title = title;
        this.path = path;
        this.pool = pool;
    }

    String key() {
        return key;
    }

    String title() {
        return title;
    }

    String path() {
        return path;
    }

    Pool pool() {
        return pool;
    }

    static Scenario forKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + key + "; known: "
                        + Arrays.stream(values()).map(Scenario::key).toList()));
    }
}
