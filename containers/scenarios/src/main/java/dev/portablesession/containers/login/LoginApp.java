package dev.portablesession.containers.login;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.containers.TestApp;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.EnumSet;

/**
 * The application of the login suites: the session filter, registered first for every dispatcher
 * type with Redis at {@link TestApp#REDIS_URL} (unless {@link #FILTER} is {@code none}), and plain-text pages that say who the container
 * thinks the caller is. Every response names its node in {@code X-Served-By}.
 *
 * <ul>
 *   <li>{@code /secure/page} (protected): {@code page=/app/secure/page?x user=alice staff=true auth=FORM};
 *   <li>{@code /public}: {@code public user=alice};
 *   <li>{@code /authenticate}: {@code request.authenticate(response)}, then {@code authenticated user=alice};
 *   <li>{@link LoginDeployment#LOGIN_PAGE}, {@link LoginDeployment#ERROR_PAGE}: {@code login-page}, {@code error-page};
 *   <li>{@code /logout}: {@code request.logout()}, or with {@code ?invalidate} the session's invalidation;
 *   <li>{@code /sessions-of?user=u}, {@code /log-out-everywhere?user=u}: the filter's sessions by user
 *       ({@code principal=remote-user}), {@code sessions=1}, {@code ended=1};
 *   <li>{@code /s?op=set&name=n&value=v} and {@code /s?op=get&name=n}: an attribute of the application's own.
 * </ul>
 */
public class LoginApp implements ServletContextListener {

    /** Context-param: {@code none} leaves the session filter out, as an application that forgot it. */
    public static final String FILTER = "login-app.filter";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (!"none".equals(context.getInitParameter(FILTER))) {
            FilterRegistration.Dynamic filter = context.addFilter("session",
                    RedisSessionFilter.builder().redisUrl(context.getInitParameter(TestApp.REDIS_URL)).build());
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        }
        String node = context.getInitParameter(TestApp.NODE);
        add(context, node, "/secure/page", (request, response) -> request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString())
                + " user=" + request.getRemoteUser() + " " + LoginDeployment.GROUP + "="
                + request.isUserInRole(LoginDeployment.GROUP) + " auth=" + request.getAuthType());
        add(context, node, "/public", (request, response) -> "public user=" + request.getRemoteUser());
        // The application asks for the login itself; when it is not there yet, the response is the login dialog's.
        add(context, node, "/authenticate", (request, response) -> request.authenticate(response)
                ? "authenticated user=" + request.getRemoteUser() : null);
        add(context, node, LoginDeployment.LOGIN_PAGE, (request, response) -> "login-page");
        add(context, node, LoginDeployment.ERROR_PAGE, (request, response) -> "error-page");
        add(context, node, "/logout", (request, response) -> {
            if (request.getParameter("invalidate") != null) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else {
                request.logout();
            }
            return "logged-out user=" + request.getRemoteUser();
        });
        // With the filter's principal=remote-user: the container's caller's sessions, on every server.
        add(context, node, "/sessions-of", (request, response) -> "sessions="
                + RedisSessionFilter.userSessions(request.getServletContext()).list(request.getParameter("user")).size());
        add(context, node, "/log-out-everywhere", (request, response) -> "ended="
                + RedisSessionFilter.userSessions(request.getServletContext()).invalidateAll(request.getParameter("user")));
        add(context, node, "/s", (request, response) -> {
            String name = request.getParameter("name");
            if ("set".equals(request.getParameter("op"))) {
                request.getSession().setAttribute(name, request.getParameter("value"));
                return "ok";
            }
            HttpSession session = request.getSession(false);
            return session == null ? "no-session" : String.valueOf(session.getAttribute(name));
        });
    }

    @FunctionalInterface
    private interface Page {
        /** @return the body, or null when the response is already answered */
        String render(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;
    }

    private static void add(ServletContext context, String node, String path, Page page) {
        context.addServlet(path, new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
                response.setHeader("X-Served-By", node);
                response.setContentType("text/plain;charset=UTF-8");
                String body = page.render(request, response);
                if (body != null) {
                    response.getWriter().print(body);
                }
            }
        }).addMapping(path);
    }
}
