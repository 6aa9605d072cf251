package dev.portablesession.internal.filter;

import dev.portablesession.MaxSessionsPolicy;
import dev.portablesession.SessionLimitException;
import dev.portablesession.SessionStoreException;
import dev.portablesession.UserSession;
import dev.portablesession.internal.config.PrincipalSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Who each session belongs to, and how many sessions a user may hold: the filter's side of the
 * sessions by user. A request's session is bound to the user the resolver names each time the
 * request saves it (the store writes the binding, and the user index, in the save's own script),
 * and a binding to a new user is a login, checked against {@code principal.max-sessions}.
 */
final class Principals {

    /** Sessions belong to nobody. */
    static final Principals OFF = new Principals(null, null, 0, MaxSessionsPolicy.EVICT_OLDEST, null);

    private final BiFunction<HttpServletRequest, HttpSession, String> resolver;
    /** The session attribute naming the user ({@code principal=attribute:NAME}), or null. */
    private final String attribute;
    private final int maxSessions;
    private final MaxSessionsPolicy policy;
    private final UserSessionIndex index;
    private volatile boolean resolverFailureLogged;
    private volatile boolean indexFailureLogged;

    private Principals(BiFunction<HttpServletRequest, HttpSession, String> resolver, String attribute, int maxSessions,
            MaxSessionsPolicy policy, UserSessionIndex index) {
        this.resolver = resolver;
        this.attribute = attribute;
        this.maxSessions = maxSessions;
        this.policy = policy;
        this.index = index;
    }

    /**
     * Whether sessions belong to users: the {@code principal} setting when a source set it, else
     * whether the builder has a resolver or the setting's default names one.
     */
    static boolean on(PrincipalSource source, boolean explicit, BiFunction<HttpServletRequest, HttpSession, String> custom) {
        return explicit ? source.on() : custom != null || source.on();
    }

    /**
     * @param explicit whether a source set {@code source}: it then wins over {@code custom}
     * @param custom the builder's resolver, or null
     * @return {@link #OFF} when neither names a user
     */
    static Principals of(PrincipalSource source, boolean explicit, BiFunction<HttpServletRequest, HttpSession, String> custom,
            int maxSessions, MaxSessionsPolicy policy, UserSessionIndex index) {
        if (custom != null && !explicit) {
            return new Principals(custom, null, maxSessions, policy, index);
        }
        if (source.remoteUser()) {
            // Null after request.logout() is a logout: the session leaves its user's index.
            return new Principals((request, session) -> request.getRemoteUser(), null, maxSessions, policy, index);
        }
        if (source.attribute() != null) {
            String name = source.attribute();
            return new Principals((request, session) -> nameOf(session.getAttribute(name)), name, maxSessions, policy, index);
        }
        return OFF;
    }

    boolean on() {
        return resolver != null;
    }

    /** The index, for the public API; null when off. */
    UserSessionIndex index() {
        return index;
    }

    /** The user a principal attribute's value names: a String itself, a {@link Principal}'s name; else nobody. */
    static String nameOf(Object value) {
        String name = value instanceof String text ? text : value instanceof Principal principal ? principal.getName() : null;
        return name == null || name.isEmpty() ? null : name;
    }

    /**
     * Before a save: binds {@code session} to the user the resolver names now. A new user is a
     * login: over the limit, the user's oldest other sessions go ({@code evict-oldest}), or this
     * session does ({@code refuse}, and the request is marked).
     */
    void bind(HttpServletRequest request, SessionFacade session) {
        if (resolver == null || !session.isValid() || session.withheld()) {
            return;
        }
        String user;
        try {
            user = resolver.apply(request, session);
        } catch (SessionStoreException e) {
            // Reading the user's attribute needed Redis (a deferred value) and it did not answer.
            throw e;
        } catch (RuntimeException e) {
            if (!resolverFailureLogged) {
                resolverFailureLogged = true;
                LoggingEvents.LOG.log(Level.WARNING, "the principal resolver failed (" + e.getClass().getName()
                        + "); sessions keep the user they had until it answers (logged once)");
            }
            return;
        }
        if (user != null && user.isEmpty()) {
            user = null;
        }
        String before = session.principal();
        if (user == null ? before == null : user.equals(before)) {
            return;
        }
        if (user != null && !admits(user, session)) {
            session.invalidate();
            request.setAttribute(SessionFilterCore.SESSION_LIMIT_ATTRIBUTE, Boolean.TRUE);
            return;
        }
        session.bindTo(user);
    }

    /**
     * With {@code principal=attribute:NAME} and {@code refuse}: a {@code setAttribute(NAME, user)}
     * that would take {@code user} over the limit fails before anything is stored.
     */
    void checkLogin(SessionFacade session, String name, Object value) {
        if (attribute == null || maxSessions <= 0 || policy != MaxSessionsPolicy.REFUSE || !attribute.equals(name)) {
            return;
        }
        String user = nameOf(value);
        if (user == null || user.equals(session.principal())) {
            return;
        }
        List<UserSession> others;
        try {
            others = others(user, session);
        } catch (SessionStoreException e) {
            unavailable();
            return;
        }
        if (others.size() >= maxSessions) {
            throw refusal();
        }
    }

    /** Without the index (Redis not answering, under redis.down-policy=degrade): the login goes ahead. */
    private void unavailable() {
        if (!indexFailureLogged) {
            indexFailureLogged = true;
            LoggingEvents.LOG.log(Level.WARNING, "principal.max-sessions could not be checked: Redis does not "
                    + "answer; logins go ahead unchecked meanwhile (logged once)");
        }
    }

    /** Whether {@code user} may bind one more session, after evicting the oldest when that is the policy. */
    private boolean admits(String user, SessionFacade session) {
        if (maxSessions <= 0) {
            return true;
        }
        List<UserSession> others;
        try {
            others = others(user, session);
        } catch (SessionStoreException e) {
            unavailable();
            return true;
        }
        int over = others.size() - maxSessions + 1;
        if (over <= 0) {
            return true;
        }
        if (policy == MaxSessionsPolicy.REFUSE) {
            return false;
        }
        others.stream().limit(over).forEach(UserSession::invalidate);
        return true;
    }

    /** The user's sessions other than {@code session}, least recently used first. */
    private List<UserSession> others(String user, SessionFacade session) {
        String id = session.getId();
        String storedId = session.storedId();
        return index.list(user).stream()
                .filter(other -> !other.id().equals(id) && !other.id().equals(storedId))
                .sorted(Comparator.comparing(UserSession::lastAccessedTime))
                .toList();
    }

    private SessionLimitException refusal() {
        return new SessionLimitException("the user already holds " + maxSessions + " session(s), the limit of "
                + "principal.max-sessions, and principal.max-sessions-policy=refuse: log out of another one first");
    }
}
