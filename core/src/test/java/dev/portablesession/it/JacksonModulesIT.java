package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.CodecType;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.store.redis.RedisSessionStore;
import dev.portablesession.testing.Browser;
import dev.portablesession.testing.LibraryLog;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.jackson.CoreJacksonModule;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.jackson.WebJacksonModule;
import org.springframework.security.web.jackson.WebServletJacksonModule;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;

/**
 * The Spring Security recipe of {@code docs/codecs.md} as {@code web.xml} gives it, over real
 * HTTP on two Jetty servers and a real Redis: what Spring Security keeps in the session (its
 * security context under {@code SPRING_SECURITY_CONTEXT}, the request saved before a login
 * under {@code SPRING_SECURITY_SAVED_REQUEST}) is written on one server and read on the other,
 * whose filter has the same modules from the builder.
 */
@ExtendWith(RedisExtension.class)
class JacksonModulesIT {

    private static final String NAMESPACE = "it-jackson-modules";
    private static final String CONTEXT = "SPRING_SECURITY_CONTEXT";
    private static final String SAVED_REQUEST = "SPRING_SECURITY_SAVED_REQUEST";

    private static Map<String, String> recipe(RedisServer redis) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("redis.url", redis.uri());
        params.put("namespace", NAMESPACE);
        params.put("codec.jackson-modules", "org.springframework.security.jackson.CoreJacksonModule,"
                + "org.springframework.security.web.jackson.WebJacksonModule,"
                + "org.springframework.security.web.jackson.WebServletJacksonModule");
        params.put("codec.allow", "org.springframework.security.**");
        return params;
    }

    private static JettyNode start(String name, Map<String, String> initParams) {
        FilterHolder filter = new FilterHolder(RedisSessionFilter.class);
        filter.setInitParameters(initParams);
        return start(name, filter);
    }

    private static JettyNode start(String name, FilterHolder filter) {
        return JettyNode.start(name, filter, Map.of("/secured/*", new SavesRequest(), "/login", new LogsIn(),
                "/whoami", new WhoAmI()));
    }

    @Test
    void springSecuritysSessionAttributesCrossServers(RedisServer redis) {
        // The same modules as instances, given to the builder, write and read the same form.
        RedisSessionFilter inCode = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(NAMESPACE)
                .jacksonModules(new CoreJacksonModule(), new WebJacksonModule(), new WebServletJacksonModule())
                .codecAllow("org.springframework.security.**").build();
        try (JettyNode a = start("a", recipe(redis)); JettyNode b = start("b", new FilterHolder(inCode))) {
            Browser browser = new Browser(a.root(), b.root());

            assertEquals("saved", browser.get("/secured/orders?page=2").body(), "a");
            assertEquals("ann [ROLE_ADMIN, ROLE_USER] from 127.0.0.1, then " + a.root().resolve("/secured/orders?page=2"),
                    browser.get("/login").body(), "b");
            assertEquals("ann [ROLE_ADMIN, ROLE_USER] from 127.0.0.1", browser.get("/whoami").body(), "a");

            Map<String, byte[]> hash = redis.client().hgetall(RedisSessionStore.key(NAMESPACE, browser.cookie()));
            String stored = new String(hash.get("a:" + CONTEXT), StandardCharsets.UTF_8);
            assertTrue(stored.startsWith("{\"@class\":\"org.springframework.security.core.context.SecurityContextImpl\","
                    + "\"authentication\":{\"@class\":\"org.springframework.security.authentication."
                    + "UsernamePasswordAuthenticationToken\""), stored);
        }
    }

    @Test
    void aModuleSettingTheFilterCannotUseStopsItNamingTheSetting(RedisServer redis) {
        Map<String, String> params = recipe(redis);
        params.put("codec.jackson-modules", "org.springframework.security.jackson.SecurityJacksonModules");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start("bad", params).close());

        assertTrue(causes(e).contains("invalid setting codec.jackson-modules = "
                + "\"org.springframework.security.jackson.SecurityJacksonModules\" (from init-param codec.jackson-modules): "
                + "org.springframework.security.jackson.SecurityJacksonModules is not a Jackson 3 module (a subclass of "
                + "tools.jackson.databind.JacksonModule)"), causes(e));
    }

    @Test
    void aMixInThatCannotBeLoadedStopsTheFilterNamingTheSetting(RedisServer redis) {
        Map<String, String> params = recipe(redis);
        params.put("codec.jackson-mixins", "com.acme.Money=com.acme.MoneyMixIn");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start("bad", params).close());

        assertTrue(causes(e).contains("invalid setting codec.jackson-mixins = \"com.acme.Money=com.acme.MoneyMixIn\" "
                + "(from init-param codec.jackson-mixins): class com.acme.Money is not found by the web application's class "
                + "loader"), causes(e));
    }

    /** A deployment may switch to codec=jdk while web.xml or the code keeps the modules: a warning, not a failure. */
    @Test
    void withTheJdkCodecTheModulesAreIgnoredWithAWarning(RedisServer redis) {
        Map<String, String> params = recipe(redis);
        params.put("codec", "jdk");
        RedisSessionFilter inCode = RedisSessionFilter.builder().redisUrl(redis.uri()).namespace(NAMESPACE)
                .codec(CodecType.JDK).jacksonModules(new CoreJacksonModule()).build();

        try (LibraryLog log = LibraryLog.capture(); JettyNode fromSettings = start("jdk", params);
                JettyNode fromBuilder = start("jdk-in-code", new FilterHolder(inCode))) {
            // Both start and serve; the modules are simply not used.
            assertEquals(200, new Browser(fromSettings.root()).get("/s?op=get&name=user").status());
            assertEquals(200, new Browser(fromBuilder.root()).get("/s?op=get&name=user").status());
            assertEquals(1, log.containing("codec.jackson-modules and codec.jackson-mixins apply to codec=json only; "
                    + "with codec=jdk (from init-param codec) they are ignored").size(), log.messages().toString());
            assertEquals(1, log.containing("the Jackson modules given to the builder apply to codec=json only; with "
                    + "codec=jdk they are ignored").size(), log.messages().toString());
        }
    }

    private static String causes(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    /** What Spring Security's request cache does when an anonymous request reaches a secured page. */
    static final class SavesRequest extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getSession().setAttribute(SAVED_REQUEST, new DefaultSavedRequest(request));
            response.getWriter().print("saved");
        }
    }

    /** What a successful form login leaves: the security context; then the saved request to return to. */
    static final class LogsIn extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            User user = new User("ann", "", AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_ADMIN"));
            UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.authenticated(user, null,
                    user.getAuthorities());
            token.setDetails(new WebAuthenticationDetails(request));
            session.setAttribute(CONTEXT, new SecurityContextImpl(token));
            DefaultSavedRequest saved = (DefaultSavedRequest) session.getAttribute(SAVED_REQUEST);
            response.getWriter().print(describe(session) + ", then " + saved.getRedirectUrl());
        }
    }

    static final class WhoAmI extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print(describe(request.getSession()));
        }
    }

    private static String describe(HttpSession session) {
        SecurityContext context = (SecurityContext) session.getAttribute(CONTEXT);
        User user = (User) context.getAuthentication().getPrincipal();
        List<String> authorities = context.getAuthentication().getAuthorities().stream()
                .map(Object::toString).collect(Collectors.toList());
        WebAuthenticationDetails details = (WebAuthenticationDetails) context.getAuthentication().getDetails();
        return user.getUsername() + " " + authorities + " from " + details.getRemoteAddress();
    }
}
