package dev.portablesession.spring.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A Jackson mix-in for Spring Security's {@code AuthenticationException} and its subclasses, for
 * the JSON codec ({@code codec.jackson-mixins}): the failed authentication request an exception
 * may carry is left out. Spring Security's own Jackson modules cover {@code BadCredentialsException}
 * alone; without this, any other one stored by a failed login ({@code SessionAuthenticationException}
 * of {@code maxSessionsPreventsLogin}, say) cannot be read back, because reading calls
 * {@code setAuthenticationRequest(null)}, which refuses null.
 */
@JsonIgnoreProperties(value = "authenticationRequest", ignoreUnknown = true)
public abstract class AuthenticationExceptionMixin {

    private AuthenticationExceptionMixin() {
    }
}
