package dev.portablesession.spring.security;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.UserSession;
import dev.portablesession.UserSessions;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Spring Security's {@link SessionRegistry} on the filter's sessions by user
 * ({@link UserSessions}), so {@code maximumSessions(n)} counts a user's sessions on every server
 * and a logout, on any server, frees its place at once.
 *
 * <p>Nothing is registered by hand: a session belongs to the user of the Spring Security context
 * it holds (the resolver the auto-configuration gives the filter), and the index follows the
 * session through login, change of id, logout and expiry. So {@link #registerNewSession},
 * {@link #removeSessionInformation} and {@link #refreshLastRequest} do nothing, and
 * {@link #getAllPrincipals} is empty: the index is looked up by user, never scanned. Expiring a
 * session ({@link SessionInformation#expireNow()}, what {@code maximumSessions} does to the
 * oldest) invalidates it in Redis: its next request, on any server, finds no session and so no
 * login.
 */
public final class PortableSessionRegistry implements SessionRegistry {

    private final ServletContext servletContext;

    /** @param servletContext the application's, whose filter keeps the sessions by user */
    public PortableSessionRegistry(ServletContext servletContext) {
        this.servletContext = Objects.requireNonNull(servletContext, "servletContext");
    }

    /**
     * @param principal an authentication's principal
     * @return its name as Spring Security's {@code Authentication.getName()} gives it, or null for none
     */
    public static String nameOf(Object principal) {
        if (principal instanceof UserDetails details) {
            return details.getUsername();
        }
        if (principal instanceof AuthenticatedPrincipal authenticated) {
            return authenticated.getName();
        }
        if (principal instanceof Principal plain) {
            return plain.getName();
        }
        return principal == null ? null : principal.toString();
    }

    /** Not kept: the index is looked up by user and never scanned. */
    @Override
    public List<Object> getAllPrincipals() {
        return List.of();
    }

    /**
     * The user's live sessions on every server. An expired session is not in the index, so
     * {@code includeExpiredSessions} changes nothing.
     */
    @Override
    public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
        String name = nameOf(principal);
        if (name == null) {
            return List.of();
        }
        // Mutable: Spring Security sorts it.
        List<SessionInformation> sessions = new ArrayList<>();
        users().list(name).forEach(session -> sessions.add(new Shared(principal, session)));
        return sessions;
    }

    /**
     * The session of the current request is answered from it, without Redis (Spring Security's
     * {@code ConcurrentSessionFilter} asks on every request, before the anonymous filter): its
     * login, or null before one. It is never "expired": here expiring a session deletes it. Another
     * session comes from the index.
     */
    @Override
    public SessionInformation getSessionInformation(String sessionId) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            HttpServletRequest request = servlet.getRequest();
            HttpSession current = request.getSession(false);
            if (current != null && current.getId().equals(sessionId)) {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                return authentication == null || !authentication.isAuthenticated() ? null
                        : new SessionInformation(authentication.getPrincipal(), sessionId,
                                new Date(current.getLastAccessedTime()));
            }
        }
        return users().find(sessionId)
                .<SessionInformation>map(session -> new Shared(session.principal(), session))
                .orElse(null);
    }

    /** Nothing to do: the session's own save keeps its last access. */
    @Override
    public void refreshLastRequest(String sessionId) {
    }

    /** Nothing to do: the session is bound to its user as the request saves it. */
    @Override
    public void registerNewSession(String sessionId, Object principal) {
    }

    /** Nothing to do: an invalidated session leaves the index with its deletion. */
    @Override
    public void removeSessionInformation(String sessionId) {
    }

    private UserSessions users() {
        return RedisSessionFilter.userSessions(servletContext);
    }

    /** A session of the index; expiring it invalidates it on every server. */
    private static final class Shared extends SessionInformation {
        private static final long serialVersionUID = 1L;
        private final transient UserSession session;

        Shared(Object principal, UserSession session) {
            super(principal, session.id(), Date.from(session.lastAccessedTime()));
            this.session = session;
        }

        @Override
        public void expireNow() {
            super.expireNow();
            if (session != null) {
                session.invalidate();
            }
        }
    }
}
