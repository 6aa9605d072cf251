package dev.portablesession.jaspic;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Set;

/**
 * Registers {@link SharedFormAuthModule} with the container's Jakarta Authentication factory
 * ({@code AuthConfigFactory.getFactory()}) for this application, when it has a FORM login: the
 * context-params {@code portablesession.login.page} and {@code portablesession.login.error-page},
 * or a {@code <login-config>} with {@code <auth-method>FORM</auth-method>} in {@code web.xml}.
 * The container finds it in the jar ({@code META-INF/services}); an embedded server that does not
 * look there is given an instance ({@code Context.addServletContainerInitializer} on Tomcat).
 * The context-param {@code portablesession.login=off} turns it off. The registration is removed
 * when the application stops.
 */
public final class SharedFormLoginInitializer implements ServletContainerInitializer {

    static final String SWITCH = "portablesession.login";

    private static final System.Logger LOG = System.getLogger("dev.portablesession.jaspic");

    /** Made by the container, or by an embedded server's set-up. */
    public SharedFormLoginInitializer() {
    }

    /**
     * Registers the module for this application, or does nothing when it has no FORM login or
     * the context-param {@code portablesession.login} is {@code off}.
     *
     * @throws ServletException when the application has a FORM login but the container has no
     *     Jakarta Authentication (Jetty without {@code jetty-ee10-jaspi} and its factory; see
     *     docs/container-login.md), or when only one of the two login pages is given
     */
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        if ("off".equalsIgnoreCase(String.valueOf(context.getInitParameter(SWITCH)).trim())) {
            return;
        }
        FormLoginPages pages;
        try {
            pages = FormLoginPages.read(context);
        } catch (IOException | IllegalArgumentException e) {
            throw new ServletException("portable-session-jaspic: " + e.getMessage(), e);
        }
        if (pages == null) {
            LOG.log(Level.INFO, "portable-session-jaspic: the application at \"" + context.getContextPath()
                    + "\" has no FORM login, so its logins are left to the container");
            return;
        }
        context.setAttribute(FormLoginPages.ATTRIBUTE, pages);
        boolean registered;
        try {
            registered = ProviderRegistration.register(context);
        } catch (NoClassDefFoundError e) {
            throw noAuthentication(context, "has no Jakarta Authentication API (jakarta.security.auth.message)");
        }
        if (!registered) {
            throw noAuthentication(context, "has no Jakarta Authentication factory (AuthConfigFactory.getFactory() is null)");
        }
        context.addListener(new RequestEnd());
        LOG.log(Level.INFO, "portable-session-jaspic: FORM login of the application at \"" + context.getContextPath()
                + "\" kept in its shared session; login page " + pages.loginPage() + ", error page " + pages.errorPage());
    }

    private static ServletException noAuthentication(ServletContext context, String what) {
        return new ServletException("portable-session-jaspic: the container " + what + ", so the FORM login of the "
                + "application at \"" + context.getContextPath() + "\" cannot be shared. See docs/container-login.md for "
                + "what each container needs, or set the context-param " + SWITCH + "=off to leave the login to the container");
    }
}
