package dev.portablesession.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterConfig;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.WebApplicationContext;

/**
 * Session listeners declared the ways a Spring application declares them are each called once
 * for a session the filter creates in Redis: Spring Boot hands them to the container, where the
 * filter would not see them.
 */
@ExtendWith(RedisExtension.class)
class SessionListenerBeansTest {

    @Test
    void listenerBeansAndRegisteredListenersAreEachCalledOnce(RedisServer redis) {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PortableSessionAutoConfiguration.class))
                .withUserConfiguration(Listeners.class)
                .withPropertyValues("portablesession.redis.url=" + redis.uri(),
                        "portablesession.namespace=test-listener-beans")
                .run(context -> {
                    RedisSessionFilter filter = (RedisSessionFilter) context.getBean(
                            PortableSessionAutoConfiguration.FILTER_NAME, FilterRegistrationBean.class).getFilter();
                    filter.init(new MockFilterConfig(((WebApplicationContext) context).getServletContext()));
                    try {
                        filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
                                (request, response) -> ((HttpServletRequest) request).getSession());
                    } finally {
                        filter.destroy();
                    }
                    Listeners listeners = context.getBean(Listeners.class);
                    assertEquals(1, listeners.bean.created.get(), "an HttpSessionListener bean");
                    assertEquals(1, listeners.registered.created.get(), "a ServletListenerRegistrationBean's listener");
                    assertEquals(1, listeners.both.created.get(), "a listener that is a bean and registered as well");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Listeners {

        final Counting bean = new Counting();
        final Counting registered = new Counting();
        final Counting both = new Counting();

        @Bean
        HttpSessionListener listenerBean() {
            return bean;
        }

        @Bean
        ServletListenerRegistrationBean<HttpSessionListener> registeredListener() {
            return new ServletListenerRegistrationBean<>(registered);
        }

        @Bean
        HttpSessionIdListener listenerOfTwoKinds() {
            return both;
        }

        @Bean
        ServletListenerRegistrationBean<HttpSessionListener> sameListenerRegistered() {
            return new ServletListenerRegistrationBean<>(both);
        }
    }

    static final class Counting implements HttpSessionListener, HttpSessionIdListener {

        final AtomicInteger created = new AtomicInteger();

        @Override
        public void sessionCreated(HttpSessionEvent event) {
            created.incrementAndGet();
        }

        @Override
        public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        }
    }
}
