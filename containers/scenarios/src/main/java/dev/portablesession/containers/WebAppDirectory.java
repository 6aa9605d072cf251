package dev.portablesession.containers;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.containers.webapp.AnnotatedSessionFilter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an unpacked web application: a {@code WEB-INF/web.xml} declaring {@link TestApp}, the
 * error pages and {@link FirstInChainProbe}, and whatever each registration style adds. The
 * application's classes stay on the class path, as a container's shared libraries would; only
 * the annotated filter goes to {@code WEB-INF/classes}, where containers scan for annotations.
 */
final class WebAppDirectory {

    private final Map<String, String> contextParams = new LinkedHashMap<>();
    private final StringBuilder body = new StringBuilder();
    private boolean annotatedFilter;

    WebAppDirectory contextParam(String name, String value) {
        contextParams.put(name, value);
        return this;
    }

    /** Declares RedisSessionFilter with these init-params, mapped before the probe. */
    WebAppDirectory sessionFilter(Map<String, String> initParams) {
        body.append("  <filter>\n    <filter-name>session</filter-name>\n    <filter-class>")
                .append(RedisSessionFilter.class.getName()).append("</filter-class>\n    <async-supported>true</async-supported>\n");
        initParams.forEach((name, value) -> body.append("    <init-param><param-name>").append(name)
                .append("</param-name><param-value>").append(value).append("</param-value></init-param>\n"));
        body.append("  </filter>\n  <filter-mapping>\n    <filter-name>session</filter-name>\n    <url-pattern>/*</url-pattern>\n");
        for (String type : new String[] {"REQUEST", "FORWARD", "INCLUDE", "ASYNC", "ERROR"}) {
            body.append("    <dispatcher>").append(type).append("</dispatcher>\n");
        }
        body.append("  </filter-mapping>\n");
        return this;
    }

    /** Adds a {@code <session-config>} element. */
    WebAppDirectory sessionConfig(String xml) {
        body.append("  <session-config>\n").append(xml).append("\n  </session-config>\n");
        return this;
    }

    /**
     * Puts {@link AnnotatedSessionFilter} in {@code WEB-INF/classes}. Annotated filters come after
     * declared ones, so the probe is then registered by the listener, after every other filter.
     */
    WebAppDirectory annotatedFilter() {
        annotatedFilter = true;
        contextParams.put(TestApp.PROBE, "listener");
        return this;
    }

    /** Writes the application for one node into a new temporary directory. */
    Deployment.Directory write(String node) throws IOException {
        Path root = Files.createTempDirectory("webapp-" + node);
        Path webInf = Files.createDirectories(root.resolve("WEB-INF"));
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0">
                """);
        Map<String, String> params = new LinkedHashMap<>(contextParams);
        params.put(TestApp.NODE, node);
        params.forEach((name, value) -> xml.append("  <context-param><param-name>").append(name)
                .append("</param-name><param-value>").append(value).append("</param-value></context-param>\n"));
        xml.append(body);
        if (!annotatedFilter) {
            xml.append("  <filter>\n    <filter-name>probe</filter-name>\n    <filter-class>").append(FirstInChainProbe.class.getName())
                    .append("</filter-class>\n    <async-supported>true</async-supported>\n  </filter>\n")
                    .append("  <filter-mapping><filter-name>probe</filter-name><url-pattern>/*</url-pattern></filter-mapping>\n");
        }
        xml.append("  <listener><listener-class>").append(TestApp.class.getName()).append("</listener-class></listener>\n");
        for (int code : Deployment.ERROR_CODES) {
            xml.append("  <error-page><error-code>").append(code).append("</error-code><location>")
                    .append(Deployment.ERROR_PAGE).append("</location></error-page>\n");
        }
        xml.append("  <error-page><exception-type>").append(Deployment.ERROR_EXCEPTION.getName())
                .append("</exception-type><location>").append(Deployment.ERROR_PAGE).append("</location></error-page>\n");
        xml.append("</web-app>\n");
        Files.writeString(webInf.resolve("web.xml"), xml);
        if (annotatedFilter) {
            String file = AnnotatedSessionFilter.class.getName().replace('.', '/') + ".class";
            Path target = webInf.resolve("classes").resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = AnnotatedSessionFilter.class.getClassLoader().getResourceAsStream(file)) {
                Files.copy(in, target);
            }
        }
        return new Deployment.Directory(root);
    }
}
