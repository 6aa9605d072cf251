package dev.portablesession.jaspic;

import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.filter.SessionsBeforeFilter;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Ends the session side of a request that the module opened and the filter never saw: the
 * container refused it after the module let it through (its access control's 403, a 404 answered
 * before any filter). Otherwise nothing would release the session lock the module's load took
 * under {@code lock.mode=exclusive}, nor report the request done. The containers call request
 * listeners around their authentication, so this comes after it.
 */
final class RequestEnd implements ServletRequestListener {

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        if (!(event.getServletRequest() instanceof HttpServletRequest request)) {
            return;
        }
        SessionsBeforeFilter sessions = SessionsBeforeFilter.of(event.getServletContext());
        if (sessions == null) {
            return;
        }
        try {
            sessions.finish(request);
        } catch (SessionStoreException e) {
            // Reported through the filter's events; the response is gone, and the lock's lease ends it.
        }
    }
}
