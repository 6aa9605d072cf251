package dev.portablesession.containers;

/**
 * One servlet container the scenarios run on. Each container module implements it once, with
 * the container's own embedding API, and runs the suites against it.
 */
public interface ContainerUnderTest {

    /** The container and its exact version, as the container reports it. */
    String name();

    /**
     * Starts one server on a free loopback port with the deployment at
     * {@link Deployment#CONTEXT_PATH}, and waits until it serves requests.
     *
     * @throws Exception when the server or the application does not start
     */
    Node start(Deployment deployment) throws Exception;
}
