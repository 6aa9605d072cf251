package dev.portablesession.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.function.BiFunction;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;

/**
 * Who a session belongs to in a Spring Security application: the name of the authentication in
 * the security context the session holds ({@code Authentication.getName()}), or nobody when it
 * holds none, or an anonymous one. The filter's principal resolver, for the sessions by user.
 */
public final class SecurityContextPrincipal implements BiFunction<HttpServletRequest, HttpSession, String> {

    /**
     * The session attribute Spring Security's {@code HttpSessionSecurityContextRepository} keeps
     * the context under (its {@code SPRING_SECURITY_CONTEXT_KEY}).
     */
    public static final String ATTRIBUTE = "SPRING_SECURITY_CONTEXT";

    @Override
    public String apply(HttpServletRequest request, HttpSession session) {
        if (session.getAttribute(ATTRIBUTE) instanceof SecurityContext context) {
            Authentication authentication = context.getAuthentication();
            if (authentication != null && authentication.isAuthenticated()
                    && !(authentication instanceof AnonymousAuthenticationToken)) {
                return authentication.getName();
            }
        }
        return null;
    }
}
