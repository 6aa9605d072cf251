package dev.portablesession.containers.login;

import dev.portablesession.containers.Node;

/** A servlet container whose own FORM login the login suites drive. */
public interface LoginContainerUnderTest {

    /** The container and its exact version. */
    String name();

    /**
     * Starts one server on a free loopback port with the deployment, and waits until it serves requests.
     *
     * @throws Exception when the server or the application does not start
     */
    Node start(LoginDeployment deployment) throws Exception;
}
