package dev.portablesession.containers.login;

import jakarta.servlet.ServletContainerInitializer;
import java.util.List;
import java.util.Map;

/**
 * An application with the container's own FORM login, deployed at
 * {@link dev.portablesession.containers.Deployment#CONTEXT_PATH}. The container module must:
 *
 * <ol>
 *   <li>set the context-params;
 *   <li>add the initializers, as a container does with those it discovers;
 *   <li>declare {@link LoginApp} as a listener (it registers the session filter and the servlets);
 *   <li>give the application a realm of the container's with {@link #USERS}, each in the groups
 *       {@link #GROUPS} gives it;
 *   <li>declare a FORM {@code <login-config>} with {@link #LOGIN_PAGE} and {@link #ERROR_PAGE},
 *       and a security constraint that lets only {@link #GROUP} reach {@link #PROTECTED}, as
 *       {@code web.xml} would.
 * </ol>
 */
public record LoginDeployment(Map<String, String> contextParams, List<ServletContainerInitializer> initializers) {

    public static final String LOGIN_PAGE = "/login.html";
    public static final String ERROR_PAGE = "/login-error.html";
    /** The URL pattern of the protected pages. */
    public static final String PROTECTED = "/secure/*";
    /** The one group, and role, allowed into {@link #PROTECTED}. */
    public static final String GROUP = "staff";
    /** User name → password. */
    public static final Map<String, String> USERS = Map.of("alice", "wonderland", "bob", "builder");
    /** User name → groups: alice is staff, bob is in none. */
    public static final Map<String, List<String>> GROUPS = Map.of("alice", List.of(GROUP), "bob", List.of());

    public LoginDeployment {
        contextParams = Map.copyOf(contextParams);
        initializers = List.copyOf(initializers);
    }
}
