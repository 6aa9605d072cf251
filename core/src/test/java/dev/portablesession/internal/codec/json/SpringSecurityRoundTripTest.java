package dev.portablesession.internal.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.codec.RecordingClassLoader;
import dev.portablesession.internal.codec.gadget.GadgetProbe;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.jackson.CoreJacksonModule;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.jackson.WebJacksonModule;
import org.springframework.security.web.jackson.WebServletJacksonModule;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.SavedCookie;
import tools.jackson.databind.JacksonModule;

/**
 * The recipe of {@code docs/codecs.md}: with Spring Security's Jackson 3 modules
 * ({@code codec.jackson-modules}) and {@code codec.allow=org.springframework.security.**}, what
 * Spring Security keeps in the session round-trips through the JSON codec, and the modules open
 * no class beyond the allow-list.
 */
class SpringSecurityRoundTripTest {

    static final List<String> MODULES = List.of(CoreJacksonModule.class.getName(), WebJacksonModule.class.getName(),
            WebServletJacksonModule.class.getName());
    private static final List<String> ALLOW = List.of("org.springframework.security.**");

    private final RecordingClassLoader loader = new RecordingClassLoader();
    private final JsonAttributeCodec codec = codec(ALLOW, JacksonExtensions.NONE.withModuleClasses(MODULES, loader));

    private JsonAttributeCodec codec(List<String> allow, JacksonExtensions extensions) {
        return new JsonAttributeCodec(allow, loader, name -> false, extensions);
    }

    private static UsernamePasswordAuthenticationToken token() {
        User user = new User("ann", "", AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_ADMIN"));
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.authenticated(user, null,
                user.getAuthorities());
        token.setDetails(new WebAuthenticationDetails("192.0.2.7", null));
        return token;
    }

    private Object roundTrip(Object value) {
        return codec.decode("SPRING_SECURITY_CONTEXT", codec.encode("SPRING_SECURITY_CONTEXT", value));
    }

    @Test
    void anAuthenticatedTokenWithAUserPrincipalRoundTrips() {
        UsernamePasswordAuthenticationToken token = token();

        UsernamePasswordAuthenticationToken back = assertInstanceOf(UsernamePasswordAuthenticationToken.class,
                roundTrip(token));

        assertEquals(token, back, "principal, credentials, details, authorities and authenticated");
        assertTrue(back.isAuthenticated());
        User principal = assertInstanceOf(User.class, back.getPrincipal());
        assertEquals("ann", principal.getUsername());
        assertEquals(AuthorityUtils.createAuthorityList("ROLE_ADMIN", "ROLE_USER"), List.copyOf(principal.getAuthorities()));
        assertEquals(AuthorityUtils.createAuthorityList("ROLE_ADMIN", "ROLE_USER"), List.copyOf(back.getAuthorities()));
        assertEquals(new WebAuthenticationDetails("192.0.2.7", null), back.getDetails());
    }

    @Test
    void aSecurityContextRoundTrips() {
        SecurityContextImpl context = new SecurityContextImpl(token());

        SecurityContextImpl back = assertInstanceOf(SecurityContextImpl.class, roundTrip(context));

        assertEquals(context, back);
        assertInstanceOf(User.class, back.getAuthentication().getPrincipal());
    }

    @Test
    void aSavedRequestRoundTrips() {
        DefaultSavedRequest request = new DefaultSavedRequest.Builder()
                .setMethod("GET").setScheme("https").setServerName("shop.example").setServerPort(443)
                .setContextPath("/shop").setServletPath("/orders").setRequestURI("/shop/orders")
                .setRequestURL("https://shop.example/shop/orders").setQueryString("page=2&sort=date")
                .setHeaders(Map.of("accept", List.of("text/html", "application/xhtml+xml")))
                .setParameters(Map.of("page", new String[] {"2"}, "sort", new String[] {"date"}))
                .setLocales(List.of(Locale.GERMANY, Locale.ENGLISH))
                .setCookies(List.of(new SavedCookie("theme", "dark", null, -1, "/shop", true)))
                .build();

        DefaultSavedRequest back = assertInstanceOf(DefaultSavedRequest.class, roundTrip(request));

        assertEquals("https://shop.example/shop/orders?page=2&sort=date", back.getRedirectUrl());
        assertEquals(List.of("text/html", "application/xhtml+xml"), back.getHeaderValues("accept"));
        assertEquals(List.of("2"), Arrays.asList(back.getParameterValues("page")));
        assertEquals(List.of(Locale.GERMANY, Locale.ENGLISH), back.getLocales());
        assertEquals("theme=dark /shop secure", back.getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue() + " " + c.getPath() + (c.getSecure() ? " secure" : "")).findFirst()
                .orElseThrow());
        assertEquals(request.toString(), back.toString());
    }

    /** What HttpSessionCsrfTokenRepository keeps. */
    @Test
    void aCsrfTokenRoundTrips() {
        DefaultCsrfToken token = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "4b1d");

        DefaultCsrfToken back = assertInstanceOf(DefaultCsrfToken.class, roundTrip(token));

        assertEquals(List.of("X-CSRF-TOKEN", "_csrf", "4b1d"), List.of(back.getHeaderName(), back.getParameterName(),
                back.getToken()));
    }

    /**
     * The failed login's exception ({@code SPRING_SECURITY_LAST_EXCEPTION}): its empty
     * {@code Throwable[]} of suppressed exceptions is typed, so the recipe allows that one JDK class.
     */
    @Test
    void aFailedLoginsExceptionRoundTripsWithThrowableAllowed() {
        BadCredentialsException failure = new BadCredentialsException("Bad credentials");
        JsonAttributeCodec withThrowable = codec(List.of("org.springframework.security.**", "java.lang.Throwable"),
                JacksonExtensions.NONE.withModuleClasses(MODULES, loader));

        AttributeEncodingException refused = assertThrows(AttributeEncodingException.class,
                () -> codec.encode("SPRING_SECURITY_LAST_EXCEPTION", failure));
        BadCredentialsException back = assertInstanceOf(BadCredentialsException.class, withThrowable.decode(
                "SPRING_SECURITY_LAST_EXCEPTION", withThrowable.encode("SPRING_SECURITY_LAST_EXCEPTION", failure)));

        assertTrue(refused.getMessage().contains("type java.lang.Throwable is not in the allow-list"), refused.getMessage());
        assertEquals("Bad credentials", back.getMessage());
    }

    @Test
    void withoutTheModulesTheTokenIsRefusedAtSetAttribute() {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> codec(ALLOW, JacksonExtensions.NONE).encode("SPRING_SECURITY_CONTEXT", token()));

        assertTrue(e.getMessage().contains("no default constructor or creator for org.springframework.security."), e.getMessage());
        assertTrue(e.getMessage().contains("register its library's Jackson module (codec.jackson-modules)"), e.getMessage());
    }

    /** The modules' mix-ins carry their own @JsonTypeInfo; the codec's allow-list judges those ids too. */
    @Test
    void theModulesDoNotAllowSpringSecurityClassesByThemselves() {
        JsonAttributeCodec unlisted = codec(List.of(), JacksonExtensions.NONE.withModuleClasses(MODULES, loader));
        byte[] stored = codec.encode("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(token()));

        assertThrows(AttributeEncodingException.class, () -> unlisted.encode("SPRING_SECURITY_CONTEXT", token()));
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class,
                () -> unlisted.decode("SPRING_SECURITY_CONTEXT", stored));
        assertEquals("attribute \"SPRING_SECURITY_CONTEXT\" cannot be decoded from JSON: type "
                + "org.springframework.security.core.context.SecurityContextImpl is not in the allow-list", e.getMessage());
    }

    /** Spring's own deserializers read the principal and details; a class outside the allow-list there is refused. */
    @Test
    void aGadgetInsideAStoredTokenIsNeverLoaded() {
        GadgetProbe.EVENTS.clear();
        String stored = new String(codec.encode("SPRING_SECURITY_CONTEXT", token()), StandardCharsets.UTF_8);
        for (Class<?> replaced : List.of(User.class, WebAuthenticationDetails.class)) {
            String json = stored.replace("\"@class\":\"" + replaced.getName() + "\"",
                    "\"@class\":\"dev.portablesession.internal.codec.gadget.JsonGadget\"");
            assertTrue(json.contains("JsonGadget"), json);

            AttributeDecodingException e = assertThrows(AttributeDecodingException.class,
                    () -> codec.decode("SPRING_SECURITY_CONTEXT", json.getBytes(StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().contains("dev.portablesession.internal.codec.gadget.JsonGadget is not in the allow-list"),
                    e.getMessage());
        }
        assertFalse(loader.requested.contains("dev.portablesession.internal.codec.gadget.JsonGadget"), loader.requested.toString());
        assertEquals(List.of(), GadgetProbe.EVENTS);
    }

    /**
     * {@code SecurityJacksonModules.getModules} ends with a module that replaces the mapper's type
     * validator with Spring's; the codec refuses it, and takes the modules without it.
     */
    @Test
    void theListOfSecurityJacksonModulesIsRefusedForItsValidator() {
        List<JacksonModule> modules = SecurityJacksonModules.getModules(loader);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JacksonExtensions.ofModules(modules));

        assertTrue(e.getMessage().contains("replaces the JSON codec's polymorphic type validation (its type validator or "
                + "default typing), which would let stored JSON name classes outside codec.allow"), e.getMessage());
        JacksonExtensions withoutIt = JacksonExtensions.ofModules(modules.subList(0, modules.size() - 1));
        Object back = codec(ALLOW, withoutIt).decode("a", codec(ALLOW, withoutIt).encode("a", token()));
        assertEquals(token(), back);
    }
}
