package dev.portablesession.jaspic;

import dev.portablesession.SessionStoreException;
import dev.portablesession.internal.filter.SessionsBeforeFilter;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.callback.PasswordValidationCallback;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * FORM login against the container's realm, with the login kept in the session that
 * {@code RedisSessionFilter} stores in Redis, so that it holds on every server:
 *
 * <ul>
 *   <li>a request to a protected resource without a login saves its URL (GET and HEAD) in the
 *       session and is redirected to the login page;
 *   <li>a POST to {@code j_security_check} has {@code j_username} and {@code j_password} validated
 *       by the container's realm ({@link PasswordValidationCallback}); on success the session id
 *       changes, the caller's name and groups are stored in the session, and the client is
 *       redirected to the saved URL (else the application's root); on failure, to the error page;
 *   <li>every other request whose session holds a login is given that caller and those groups
 *       ({@link CallerPrincipalCallback}, {@link GroupPrincipalCallback}), on whichever server;
 *   <li>{@code request.logout()} removes the login from the session, and invalidating the session
 *       removes it with everything else: on every server at once.
 * </ul>
 *
 * <p>The container calls this module before any filter, on its own request; the module reaches
 * the filter's session through the filter that has started in the same application, so the
 * session is loaded once per request, by the module, and the application's
 * {@code getSession()} is served from that load. {@link SharedFormLoginInitializer} registers it;
 * a container configured by other means (WildFly's Elytron, Tomcat's {@code jaspic-providers.xml})
 * names this class, which needs a public no-argument constructor.
 */
public class SharedFormAuthModule implements ServerAuthModule {

    /** Session attribute: the caller's name, a {@code String}. */
    static final String CALLER = "dev.portablesession.jaspic.caller";
    /** Session attribute: the caller's groups, an {@code ArrayList<String>}. */
    static final String GROUPS = "dev.portablesession.jaspic.groups";
    /** Session attribute: the URL to return to after the login, a {@code String}. */
    static final String SAVED_URL = "dev.portablesession.jaspic.saved-url";

    private static final String IS_MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";
    private static final String AUTH_TYPE = "jakarta.servlet.http.authType";
    private static final System.Logger LOG = System.getLogger("dev.portablesession.jaspic");

    private CallbackHandler handler;

    /** A module to be initialised by the container; see {@link #initialize}. */
    public SharedFormAuthModule() {
    }

    /**
     * Keeps the container's callback handler, through which the realm validates passwords and the
     * caller is established. The options are not used: the login pages come from the
     * application ({@code docs/container-login.md}).
     */
    @Override
    public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
            @SuppressWarnings("rawtypes") Map options) {
        this.handler = handler;
    }

    /** @return the servlet request and response types: the module serves the Servlet Container Profile */
    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return new Class<?>[] {HttpServletRequest.class, HttpServletResponse.class};
    }

    /**
     * Establishes the caller of the session's login, or runs the login dialog; see the class
     * description.
     *
     * @return {@code SUCCESS} when the request goes on to the application, with or without a
     *     caller; {@code SEND_CONTINUE} when this module answered it with a redirect;
     *     {@code SEND_FAILURE} after a failed login (redirected to the error page) or a failure of
     *     the session layer, answered as the filter answers it (503: Redis unreachable, the
     *     session busy under {@code lock.mode=exclusive})
     * @throws AuthException when no {@code RedisSessionFilter} has started in the application, or
     *     the container's callback handler refuses a callback
     */
    @Override
    @SuppressWarnings("unchecked")
    public AuthStatus validateRequest(MessageInfo messageInfo, Subject client, Subject service) throws AuthException {
        HttpServletRequest request = (HttpServletRequest) messageInfo.getRequestMessage();
        HttpServletResponse response = (HttpServletResponse) messageInfo.getResponseMessage();
        SessionsBeforeFilter sessions = sessions(request.getServletContext());
        FormLoginPages pages = pages(request.getServletContext());
        try {
            if (isLoginPost(request)) {
                return login(request, response, client, sessions, pages);
            }
            Login login = sessions.call(request, response, (r, s) -> Login.of(r.getSession(false)));
            if (login != null) {
                handle(new CallerPrincipalCallback(client, login.caller()),
                        new GroupPrincipalCallback(client, login.groups().toArray(String[]::new)));
                messageInfo.getMap().put(AUTH_TYPE, "FORM");
                return AuthStatus.SUCCESS;
            }
            if (Boolean.parseBoolean(String.valueOf(messageInfo.getMap().get(IS_MANDATORY))) && !isLoginPage(request, pages)) {
                sessions.call(request, response, (r, s) -> {
                    String method = r.getMethod();
                    if ("GET".equals(method) || "HEAD".equals(method)) {
                        String query = r.getQueryString();
                        r.getSession().setAttribute(SAVED_URL, r.getRequestURI() + (query == null ? "" : "?" + query));
                    }
                    s.sendRedirect(s.encodeRedirectURL(r.getContextPath() + pages.loginPage()));
                    return null;
                });
                sessions.finish(request);
                return AuthStatus.SEND_CONTINUE;
            }
            handle(new CallerPrincipalCallback(client, (Principal) null));
            return AuthStatus.SUCCESS;
        } catch (RuntimeException e) {
            // Redis down or full, the session busy under lock.mode=exclusive: the filter's 503.
            if (answered(sessions, e, request, response)) {
                return AuthStatus.SEND_FAILURE;
            }
            throw e;
        } catch (IOException e) {
            throw authException("the login response could not be sent", e);
        }
    }

    private static boolean answered(SessionsBeforeFilter sessions, RuntimeException failure, HttpServletRequest request,
            HttpServletResponse response) throws AuthException {
        try {
            return sessions.respondToFailure(failure, request, response);
        } catch (IOException e) {
            throw authException("the 503 for a session failure could not be sent", e);
        }
    }

    /** Validates the form's credentials; the password stays in this method and is cleared after use. */
    private AuthStatus login(HttpServletRequest request, HttpServletResponse response, Subject client,
            SessionsBeforeFilter sessions, FormLoginPages pages) throws AuthException, IOException {
        String username = request.getParameter("j_username");
        String password = request.getParameter("j_password");
        boolean valid = false;
        List<String> groups = List.of();
        if (username != null && !username.isEmpty() && password != null) {
            // The realm establishes the caller in a Subject of its own: nothing of it reaches this request.
            Subject validated = new Subject();
            PasswordValidationCallback validation = new PasswordValidationCallback(validated, username, password.toCharArray());
            try {
                handle(validation);
                valid = validation.getResult();
            } finally {
                validation.clearPassword();
            }
            groups = valid ? RealmGroups.of(validated) : List.of();
        }
        if (!valid) {
            sessions.call(request, response, (r, s) -> {
                s.sendRedirect(s.encodeRedirectURL(r.getContextPath() + pages.errorPage()));
                return null;
            });
            sessions.finish(request);
            return AuthStatus.SEND_FAILURE;
        }
        List<String> realmGroups = groups;
        sessions.call(request, response, (r, s) -> {
            HttpSession session = r.getSession(false);
            String target = null;
            if (session != null) {
                target = session.getAttribute(SAVED_URL) instanceof String saved
                        && isReturnUrl(saved, r.getContextPath()) ? saved : null;
                session.removeAttribute(SAVED_URL);
                // A new id for the logged-in session: one planted on the client before the login names nothing now.
                r.changeSessionId();
            } else {
                session = r.getSession(true);
            }
            session.setAttribute(CALLER, username);
            session.setAttribute(GROUPS, new ArrayList<>(realmGroups));
            s.sendRedirect(s.encodeRedirectURL(target != null ? target : r.getContextPath() + "/"));
            return null;
        });
        sessions.finish(request);
        return AuthStatus.SEND_CONTINUE;
    }

    /** @return {@code SEND_SUCCESS}: the response needs nothing from this module */
    @Override
    public AuthStatus secureResponse(MessageInfo messageInfo, Subject service) {
        return AuthStatus.SEND_SUCCESS;
    }

    /**
     * Logs out ({@code request.logout()}): removes the login from the session, for every server,
     * and the principals from {@code subject}. The session and its other attributes stay.
     *
     * @throws AuthException when Redis cannot be reached
     */
    @Override
    public void cleanSubject(MessageInfo messageInfo, Subject subject) throws AuthException {
        HttpServletRequest request = (HttpServletRequest) messageInfo.getRequestMessage();
        HttpServletResponse response = (HttpServletResponse) messageInfo.getResponseMessage();
        try {
            sessions(request.getServletContext()).call(request, response, (r, s) -> {
                HttpSession session = r.getSession(false);
                if (session != null) {
                    session.removeAttribute(CALLER);
                    session.removeAttribute(GROUPS);
                }
                return null;
            });
        } catch (IOException | SessionStoreException e) {
            throw authException("the login could not be removed from the session", e);
        } finally {
            if (subject != null) {
                subject.getPrincipals().clear();
            }
        }
    }

    /**
     * Whether the request is for the login or the error page. Those pages are never answered with
     * a redirect to the login page, which would redirect again for ever; when a constraint covers
     * them, the container refuses them (403), and docs/container-login.md says to exempt them.
     */
    private static boolean isLoginPage(HttpServletRequest request, FormLoginPages pages) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri.equals(context + pages.loginPage()) || uri.equals(context + pages.errorPage());
    }

    /**
     * Whether a saved URL may be redirected to after the login: a path inside the application,
     * never one a browser reads as another host ({@code //evil.example/}, {@code /\evil.example/})
     * or one that could split the response header.
     */
    static boolean isReturnUrl(String url, String contextPath) {
        return url.startsWith(contextPath + "/") && (url.length() == 1 || url.charAt(1) != '/') && url.indexOf('\\') < 0
                && url.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static boolean isLoginPost(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return "POST".equals(request.getMethod()) && uri.startsWith(request.getContextPath() + "/")
                && uri.endsWith("/j_security_check");
    }

    private void handle(Callback... callbacks) throws AuthException {
        try {
            handler.handle(callbacks);
        } catch (IOException | UnsupportedCallbackException e) {
            throw authException("the container's callback handler refused " + callbacks[0].getClass().getSimpleName(), e);
        }
    }

    private static SessionsBeforeFilter sessions(ServletContext context) throws AuthException {
        SessionsBeforeFilter sessions = SessionsBeforeFilter.of(context);
        if (sessions == null) {
            String message = "no RedisSessionFilter has started in the application at \"" + context.getContextPath()
                    + "\": the shared login keeps the caller in its session. Register the filter (README, \"Use it\") "
                    + "so that it starts with the application";
            LOG.log(Level.ERROR, message);
            throw new AuthException(message);
        }
        return sessions;
    }

    /** The pages the initializer found; read here when the module was registered by other means. */
    private static FormLoginPages pages(ServletContext context) throws AuthException {
        if (context.getAttribute(FormLoginPages.ATTRIBUTE) instanceof FormLoginPages pages) {
            return pages;
        }
        try {
            FormLoginPages pages = FormLoginPages.read(context);
            if (pages == null) {
                throw new AuthException("the application at \"" + context.getContextPath() + "\" has no FORM login: set "
                        + FormLoginPages.LOGIN_PAGE + " and " + FormLoginPages.ERROR_PAGE
                        + " or a <login-config> with <auth-method>FORM</auth-method> in web.xml");
            }
            context.setAttribute(FormLoginPages.ATTRIBUTE, pages);
            return pages;
        } catch (IOException | IllegalArgumentException e) {
            throw authException(e.getMessage(), e);
        }
    }

    private static AuthException authException(String message, Exception cause) {
        AuthException e = new AuthException("portable-session-jaspic: " + message);
        e.initCause(cause);
        return e;
    }

    /** The login a session holds. */
    private record Login(String caller, List<String> groups) {

        static Login of(HttpSession session) {
            if (session == null || !(session.getAttribute(CALLER) instanceof String caller)) {
                return null;
            }
            List<String> groups = new ArrayList<>();
            if (session.getAttribute(GROUPS) instanceof List<?> stored) {
                stored.stream().filter(String.class::isInstance).map(String.class::cast).forEach(groups::add);
            }
            return new Login(caller, groups);
        }
    }
}
