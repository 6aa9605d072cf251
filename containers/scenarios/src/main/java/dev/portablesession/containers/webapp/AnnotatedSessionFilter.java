package dev.portablesession.containers.webapp;

import dev.portablesession.RedisSessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.annotation.WebFilter;

/**
 * The annotation style of registration: an application's subclass, found by the container's
 * annotation scanning. Its class file is copied into {@code WEB-INF/classes} of a test web
 * application; the Redis URL comes from a context-param, as a deployment would give it.
 */
@WebFilter(filterName = "annotated-session", urlPatterns = "/*", asyncSupported = true, dispatcherTypes = {
        DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE, DispatcherType.ASYNC, DispatcherType.ERROR})
public class AnnotatedSessionFilter extends RedisSessionFilter {
}
