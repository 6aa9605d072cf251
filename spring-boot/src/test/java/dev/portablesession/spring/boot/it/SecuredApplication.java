package dev.portablesession.spring.boot.it;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.session.HttpSessionCreatedEvent;
import org.springframework.security.web.session.HttpSessionDestroyedEvent;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.session.HttpSessionIdChangedEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small Spring Boot application secured the way the Spring Security reference starts: form
 * login, CSRF on, the default session-fixation protection (a new session id at login), one user in
 * memory, and an {@link HttpSessionEventPublisher}. Nothing in it names Portable Session: the
 * auto-configuration and the {@code portablesession.*} properties do all.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SecuredApplication {

    static final String USER = "alice";
    static final String PASSWORD = "wonderland";

    /**
     * With {@code it.max-sessions} above 0, {@code maximumSessions} as the Spring Security
     * reference shows it, with no registry named: it finds the auto-configuration's.
     */
    @Bean
    SecurityFilterChain security(HttpSecurity http, @Value("${it.max-sessions:0}") int maxSessions,
            @Value("${it.prevents-login:false}") boolean preventsLogin) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login-error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults());
        if (maxSessions > 0) {
            http.sessionManagement(sessions -> sessions.maximumSessions(maxSessions).maxSessionsPreventsLogin(preventsLogin));
        }
        return http.build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(User.withUsername(USER).password("{noop}" + PASSWORD).roles("USER").build());
    }

    @Bean
    static HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }

    @Bean
    SessionEvents sessionEvents() {
        return new SessionEvents();
    }

    /** Which node answered, on every response, Spring Security's redirects and login page included. */
    @Bean
    FilterRegistrationBean<Filter> servedBy(@Value("${it.node}") String node) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            ((HttpServletResponse) response).setHeader("X-Served-By", node);
            chain.doFilter(request, response);
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @RestController
    static class Pages {

        @GetMapping("/hello")
        String hello(Principal principal) {
            return "hello " + principal.getName();
        }

        @GetMapping("/timeout")
        int timeout(HttpSession session) {
            return session.getMaxInactiveInterval();
        }

        /** The CSRF token as a page would render it (masked anew on every request). */
        @GetMapping("/csrf")
        String csrf(CsrfToken token) {
            return token.getToken();
        }

        @PostMapping("/notes")
        String note(@RequestParam("text") String text, HttpSession session) {
            session.setAttribute("note", text);
            return "noted " + text;
        }

        /**
         * What a login page of the application's own shows after a failed login: the message of
         * the exception Spring Security left in the session (its default page says only
         * "Invalid credentials").
         */
        @GetMapping("/login-error")
        String loginError(HttpSession session) {
            return session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof AuthenticationException e
                    ? e.getMessage()
                    : "none";
        }

        @GetMapping("/notes")
        String notes(HttpSession session) {
            return String.valueOf(session.getAttribute("note"));
        }
    }

    /** What {@link HttpSessionEventPublisher} published on this node. */
    static final class SessionEvents {

        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger destroyed = new AtomicInteger();
        final AtomicInteger idChanged = new AtomicInteger();

        @EventListener
        void on(HttpSessionCreatedEvent event) {
            created.incrementAndGet();
        }

        @EventListener
        void on(HttpSessionDestroyedEvent event) {
            destroyed.incrementAndGet();
        }

        @EventListener
        void on(HttpSessionIdChangedEvent event) {
            idChanged.incrementAndGet();
        }
    }
}
