package dev.portablesession.internal.filter;

import dev.portablesession.internal.event.SessionEvents;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EventListener;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Calls the application's servlet session listeners, as the container would for its own sessions:
 * {@link HttpSessionListener}, {@link HttpSessionAttributeListener} and {@link HttpSessionIdListener}
 * in the order they were declared, except {@code sessionDestroyed}, called in reverse order (as
 * Tomcat and Jetty do); and {@link HttpSessionActivationListener} attribute values when a request
 * decodes them from the store and before it encodes them for it.
 *
 * <p>Each kind of listener is called from one method, so order and failures are handled in one
 * place: a listener that throws is logged and the next one is called; neither the request nor
 * the save notices.
 */
final class ServletListenerEvents implements SessionEvents {

    private final List<HttpSessionListener> sessionListeners = new ArrayList<>();
    private final List<HttpSessionListener> destroyedOrder;
    private final List<HttpSessionAttributeListener> attributeListeners = new ArrayList<>();
    private final List<HttpSessionIdListener> idListeners = new ArrayList<>();

    /** @param listeners in declaration order; each is called for every listener interface it implements */
    ServletListenerEvents(List<? extends EventListener> listeners) {
        for (EventListener listener : listeners) {
            if (listener instanceof HttpSessionListener l) {
                sessionListeners.add(l);
            }
            if (listener instanceof HttpSessionAttributeListener l) {
                attributeListeners.add(l);
            }
            if (listener instanceof HttpSessionIdListener l) {
                idListeners.add(l);
            }
        }
        destroyedOrder = new ArrayList<>(sessionListeners);
        Collections.reverse(destroyedOrder);
    }

    @Override
    public void sessionCreated(HttpSession session) {
        callSessionListeners(sessionListeners, "sessionCreated", session, HttpSessionListener::sessionCreated);
    }

    /** The session is about to be invalidated; its attributes are still readable. */
    @Override
    public void sessionInvalidated(HttpSession session) {
        sessionDestroyed(session);
    }

    @Override
    public void sessionExpired(HttpSession session) {
        sessionDestroyed(session);
    }

    /**
     * Expiry must be watched when the application listens for destroyed sessions or removed
     * attributes: the container would tell them of an expiry too.
     */
    @Override
    public boolean wantsExpiryEvents() {
        return !sessionListeners.isEmpty() || !attributeListeners.isEmpty();
    }

    /** The one way to {@code sessionDestroyed}: an expiry event calls it too, before the attributes go. */
    private void sessionDestroyed(HttpSession session) {
        callSessionListeners(destroyedOrder, "sessionDestroyed", session, HttpSessionListener::sessionDestroyed);
    }

    @Override
    public void attributeAdded(HttpSession session, String name, Object value) {
        callAttributeListeners("attributeAdded", new HttpSessionBindingEvent(session, name, value),
                HttpSessionAttributeListener::attributeAdded);
    }

    @Override
    public void attributeReplaced(HttpSession session, String name, Object oldValue) {
        callAttributeListeners("attributeReplaced", new HttpSessionBindingEvent(session, name, oldValue),
                HttpSessionAttributeListener::attributeReplaced);
    }

    @Override
    public void attributeRemoved(HttpSession session, String name, Object value) {
        callAttributeListeners("attributeRemoved", new HttpSessionBindingEvent(session, name, value),
                HttpSessionAttributeListener::attributeRemoved);
    }

    @Override
    public void sessionIdChanged(HttpSession session, String oldId) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        for (HttpSessionIdListener listener : idListeners) {
            call(listener, "sessionIdChanged", () -> listener.sessionIdChanged(event, oldId));
        }
    }

    @Override
    public void valueLoaded(HttpSession session, String name, Object value) {
        callActivationListener(value, "sessionDidActivate", session, HttpSessionActivationListener::sessionDidActivate);
    }

    @Override
    public void valueStoring(HttpSession session, String name, Object value) {
        callActivationListener(value, "sessionWillPassivate", session, HttpSessionActivationListener::sessionWillPassivate);
    }

    private static void callSessionListeners(List<HttpSessionListener> listeners, String method, HttpSession session,
            BiConsumer<HttpSessionListener, HttpSessionEvent> call) {
        HttpSessionEvent event = new HttpSessionEvent(session);
        for (HttpSessionListener listener : listeners) {
            call(listener, method, () -> call.accept(listener, event));
        }
    }

    private void callAttributeListeners(String method, HttpSessionBindingEvent event,
            BiConsumer<HttpSessionAttributeListener, HttpSessionBindingEvent> call) {
        for (HttpSessionAttributeListener listener : attributeListeners) {
            call(listener, method, () -> call.accept(listener, event));
        }
    }

    private static void callActivationListener(Object value, String method, HttpSession session,
            BiConsumer<HttpSessionActivationListener, HttpSessionEvent> call) {
        if (value instanceof HttpSessionActivationListener listener) {
            call(listener, method, () -> call.accept(listener, new HttpSessionEvent(session)));
        }
    }

    private static void call(EventListener listener, String method, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LoggingEvents.LOG.log(Level.WARNING, listener.getClass().getName() + "." + method
                    + " failed; the other listeners are still called and the request goes on", e);
        }
    }
}
