package dev.portablesession.example.boot;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.UserSession;
import dev.portablesession.UserSessions;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * An ordinary Spring Boot application with Spring Security's form login, nothing in it about
 * Redis: {@code portable-session-spring-boot} on the class path and the {@code portablesession.*}
 * properties of {@code application.properties} put its sessions in Redis, so two copies on one
 * Redis share the login, the CSRF token and the session's attributes. Its page says which copy
 * answered, counts the visits of the session and lists the user's sessions on every copy, with a
 * button that ends all of them ("log out everywhere").
 *
 * <pre>
 * java -jar spring-boot-example/target/spring-boot-example.jar --server.port=8081 --sample.name=left
 * java -jar spring-boot-example/target/spring-boot-example.jar --server.port=8082 --sample.name=right
 * </pre>
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /** The Spring Security reference's first example, and {@code maximumSessions(3)} across both copies. */
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                .sessionManagement(sessions -> sessions.maximumSessions(3))
                .build();
    }

    /** One user, for the demo; its password is {@code sample.password}. */
    @Bean
    InMemoryUserDetailsManager users(@Value("${sample.user}") String user, @Value("${sample.password}") String password) {
        return new InMemoryUserDetailsManager(User.withUsername(user).password("{noop}" + password).roles("USER").build());
    }

    /** Which copy answered, on every response (the login page and the redirects included). */
    @Bean
    FilterRegistrationBean<Filter> servedBy(@Value("${sample.name}") String name) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            ((HttpServletResponse) response).setHeader("X-Served-By", name);
            chain.doFilter(request, response);
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @RestController
    static class Pages {

        private final String name;
        private final ServletContext servletContext;

        Pages(@Value("${sample.name}") String name, ServletContext servletContext) {
            this.name = name;
            this.servletContext = servletContext;
        }

        @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
        String home(Principal user, HttpSession session, CsrfToken csrf) {
            Integer visits = (Integer) session.getAttribute("visits");
            visits = visits == null ? 1 : visits + 1;
            session.setAttribute("visits", visits);
            List<UserSession> sessions = userSessions().list(user.getName());
            StringBuilder page = new StringBuilder("<!doctype html><title>Portable Session with Spring Boot</title>")
                    .append("<h1>Served by ").append(html(name)).append("</h1>")
                    .append("<p>Signed in as <b>").append(html(user.getName())).append("</b>; visits in this session: ")
                    .append("<span id=visits>").append(visits).append("</span>.</p>")
                    .append("<p>Sessions of ").append(html(user.getName())).append(" (on every server): <span id=sessions>")
                    .append(sessions.size()).append("</span></p><ul>");
            for (UserSession each : sessions) {
                page.append("<li>").append(html(each.maskedId())).append(", created ").append(each.creationTime())
                        .append(", last used ").append(each.lastAccessedTime()).append("</li>");
            }
            page.append("</ul>")
                    .append(form("/logout", "Log out", csrf))
                    .append(form("/logout-everywhere", "Log out everywhere", csrf));
            return page.toString();
        }

        /** Ends every session of the user, on every server; Spring Security's own logout then ends this request's. */
        @PostMapping(path = "/logout-everywhere", produces = MediaType.TEXT_PLAIN_VALUE)
        String logOutEverywhere(Principal user) {
            int ended = userSessions().invalidateAll(user.getName());
            return "ended " + ended + " session(s) of " + user.getName();
        }

        private UserSessions userSessions() {
            return RedisSessionFilter.userSessions(servletContext);
        }

        private static String form(String action, String label, CsrfToken csrf) {
            return "<form method=post action=\"" + action + "\"><input type=hidden name=\"" + html(csrf.getParameterName())
                    + "\" value=\"" + html(csrf.getToken()) + "\"><button>" + html(label) + "</button></form>";
        }

        private static String html(String text) {
            return HtmlUtils.htmlEscape(text);
        }
    }
}
