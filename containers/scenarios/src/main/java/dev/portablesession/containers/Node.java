package dev.portablesession.containers;

import java.net.URI;

/** One running server of a {@link ContainerUnderTest}. */
public final class Node implements AutoCloseable {

    private final int port;
    private final AutoCloseable stop;

    /**
     * @param port the loopback port it listens on
     * @param stop stops the server
     */
    public Node(int port, AutoCloseable stop) {
        this.port = port;
        this.stop = stop;
    }

    /** The root of the application, where a {@link dev.portablesession.testing.Browser} sends its requests. */
    public URI root() {
        return uri("/");
    }

    /** The address of a path inside the application, such as {@code /s?op=get}. */
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + Deployment.CONTEXT_PATH + pathAndQuery);
    }

    @Override
    public void close() throws Exception {
        stop.close();
    }
}
