package dev.portablesession.containers;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a {@link ContainerUnderTest} deploys at {@link #CONTEXT_PATH}. */
public sealed interface Deployment {

    /** Not the root context, so cookie paths, redirects and namespaces show the context path. */
    String CONTEXT_PATH = "/app";

    /** Servlet path of the error page, for {@link #ERROR_CODES} and {@link #ERROR_EXCEPTION}. */
    String ERROR_PAGE = "/error-page";

    /** Status codes mapped to the error page. */
    List<Integer> ERROR_CODES = List.of(403, 404);

    /** Exception type mapped to the error page. */
    Class<? extends Throwable> ERROR_EXCEPTION = IllegalStateException.class;

    /**
     * An application put together with the container's own API, as embedded servers are. The
     * container module must, in this order:
     *
     * <ol>
     *   <li>set the context-params;
     *   <li>add the initializers, as a container does with those it discovers;
     *   <li>register {@code sessionFilter}, when not null, as filter "session" for {@code /*},
     *       every dispatcher type, async-supported;
     *   <li>then register {@link FirstInChainProbe} as filter "probe" for {@code /*}, REQUEST,
     *       async-supported: the application's own filter, declared after the session filter;
     *   <li>declare {@link TestApp} as a listener (it adds the servlets);
     *   <li>map {@link #ERROR_CODES} and {@link #ERROR_EXCEPTION} to {@link #ERROR_PAGE};
     *   <li>give the application the container's own session manager when {@code containerSessions}
     *       is true, as a container does for a web application (and Jetty's embedded context does
     *       only when asked).
     * </ol>
     */
    record Embedded(Map<String, String> contextParams, Filter sessionFilter,
            List<ServletContainerInitializer> initializers, boolean containerSessions) implements Deployment {

        /** An application whose sessions the container need not manage. */
        public Embedded(Map<String, String> contextParams, Filter sessionFilter, List<ServletContainerInitializer> initializers) {
            this(contextParams, sessionFilter, initializers, false);
        }
    }

    /**
     * A web application directory ({@code WEB-INF/web.xml}, {@code WEB-INF/classes}), deployed
     * the way the container deploys an unpacked war: descriptor, annotation scanning and
     * initializer discovery included.
     */
    record Directory(Path path) implements Deployment {
    }
}
