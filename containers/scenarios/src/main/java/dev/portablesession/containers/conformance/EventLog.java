package dev.portablesession.containers.conformance;

import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The session listener of the conformance application, for the container's sessions (added with
 * {@code ServletContext.addListener}) and for the filter's (the setting {@code listeners}). The
 * log is static: the container's instance and the filter's write to one place, as do both servers.
 */
public final class EventLog implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {

    private static final List<String> EVENTS = new ArrayList<>();

    static void add(String event) {
        synchronized (EVENTS) {
            EVENTS.add(event);
        }
    }

    /** The events since the last call, oldest first, and forgets them. */
    static List<String> drain() {
        synchronized (EVENTS) {
            List<String> events = List.copyOf(EVENTS);
            EVENTS.clear();
            return events;
        }
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        add("created " + Script.id(event.getSession().getId()));
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        add("destroyed " + Script.id(event.getSession().getId()) + " names=" + Script.names(event.getSession()));
    }

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        add("added " + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        add("removed " + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        add("replaced " + event.getName() + " old=" + event.getValue() + " now=" + event.getSession().getAttribute(event.getName()));
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        add("idChanged " + Script.id(oldSessionId) + "->" + Script.id(event.getSession().getId()));
    }
}
