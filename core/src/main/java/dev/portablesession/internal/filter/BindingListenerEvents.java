package dev.portablesession.internal.filter;

import dev.portablesession.internal.event.SessionEvents;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;

/**
 * Tells attribute values that implement {@link HttpSessionBindingListener} when they are bound
 * to a session and unbound from it, paired: setting the same object again tells it nothing, as
 * Tomcat and Jetty do.
 */
final class BindingListenerEvents implements SessionEvents {

    @Override
    public void valueBound(HttpSession session, String name, Object value) {
        if (value instanceof HttpSessionBindingListener listener) {
            listener.valueBound(new HttpSessionBindingEvent(session, name, value));
        }
    }

    @Override
    public void valueUnbound(HttpSession session, String name, Object value) {
        if (value instanceof HttpSessionBindingListener listener) {
            listener.valueUnbound(new HttpSessionBindingEvent(session, name, value));
        }
    }
}
