package dev.portablesession.containers.login;

import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *
 * <p>Or, when {@code webApp} is not null, deploy that directory as the container deploys an
 * unpacked war (descriptor, initializer discovery), with the same realm: its {@code web.xml}
 * ({@link #webApp}) declares everything else.
 */
public record LoginDeployment(Map<String, String> contextParams, List<ServletContainerInitializer> initializers, Path webApp) {

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

    /** An application the container module puts together with the container's API. */
    public LoginDeployment(Map<String, String> contextParams, List<ServletContainerInitializer> initializers) {
        this(contextParams, initializers, null);
    }

    /**
     * An unpacked web application in a new temporary directory, whose {@code web.xml} has the
     * context-params, {@link LoginApp}, the FORM {@code <login-config>}, the constraint and the role.
     */
    public static LoginDeployment webApp(Map<String, String> contextParams) throws IOException {
        Path root = Files.createTempDirectory("login-webapp");
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                """);
        contextParams.forEach((name, value) -> xml.append("  <context-param><param-name>").append(name)
                .append("</param-name><param-value>").append(value).append("</param-value></context-param>\n"));
        xml.append("  <listener><listener-class>").append(LoginApp.class.getName()).append("</listener-class></listener>\n")
                .append("  <security-constraint>\n    <web-resource-collection><web-resource-name>secure</web-resource-name>")
                .append("<url-pattern>").append(PROTECTED).append("</url-pattern></web-resource-collection>\n")
                .append("    <auth-constraint><role-name>").append(GROUP).append("</role-name></auth-constraint>\n")
                .append("  </security-constraint>\n  <login-config>\n    <auth-method>FORM</auth-method>\n")
                .append("    <form-login-config><form-login-page>").append(LOGIN_PAGE).append("</form-login-page>")
                .append("<form-error-page>").append(ERROR_PAGE).append("</form-error-page></form-login-config>\n")
                .append("  </login-config>\n  <security-role><role-name>").append(GROUP).append("</role-name></security-role>\n")
                .append("</web-app>\n");
        Files.writeString(Files.createDirectories(root.resolve("WEB-INF")).resolve("web.xml"), xml);
        return new LoginDeployment(Map.of(), List.of(), root);
    }
}
