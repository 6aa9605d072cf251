package dev.portablesession.spring.boot;

import dev.portablesession.InvalidSettingException;
import dev.portablesession.RedisSessionFilter;
import dev.portablesession.spring.security.PortableSessionRegistry;
import dev.portablesession.spring.security.SecurityContextPrincipal;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.util.ClassUtils;

/**
 * Registers {@link RedisSessionFilter} in a Spring Boot servlet application, first in the chain
 * ({@link Ordered#HIGHEST_PRECEDENCE}), on {@code /*}, for every dispatcher type, with its
 * settings from the {@code portablesession.*} properties ({@code portablesession.redis.url},
 * {@code portablesession.codec.allow}, ...: the names of {@code docs/configuration.md} after the
 * prefix). A property under the prefix that names no setting, or a value a setting does not take,
 * stops the application from starting with a message naming the property and where it was set.
 *
 * <p>The application's {@code HttpSessionListener}, {@code HttpSessionIdListener} and
 * {@code HttpSessionAttributeListener} beans, and those of its
 * {@link ServletListenerRegistrationBean}s (Spring Security's {@code HttpSessionEventPublisher},
 * say), are called for the sessions in Redis: Spring Boot hands them to the container by
 * {@code ServletContext.addListener}, where the filter cannot see them.
 *
 * <p>Backs off when {@code portablesession.enabled} is {@code false}, in an application that is
 * not a servlet web application, and when the application declares a {@code RedisSessionFilter}
 * bean or a {@code FilterRegistrationBean<RedisSessionFilter>} of its own.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = SettingProperties.PREFIX + "." + SettingProperties.ENABLED, matchIfMissing = true)
public final class PortableSessionAutoConfiguration {

    /** The name of the filter in the container, and of its registration bean. */
    static final String FILTER_NAME = "redisSessionFilter";

    private static final boolean SPRING_SECURITY_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.core.context.SecurityContext", PortableSessionAutoConfiguration.class.getClassLoader());

    PortableSessionAutoConfiguration() {
    }

    @Bean(FILTER_NAME)
    @ConditionalOnMissingBean(value = RedisSessionFilter.class, parameterizedContainer = FilterRegistrationBean.class)
    FilterRegistrationBean<RedisSessionFilter> redisSessionFilter(ConfigurableEnvironment environment,
            ObjectProvider<HttpSessionListener> sessionListeners,
            ObjectProvider<HttpSessionIdListener> idListeners,
            ObjectProvider<HttpSessionAttributeListener> attributeListeners,
            ObjectProvider<ServletListenerRegistrationBean<?>> listenerRegistrations) {
        RedisSessionFilter.Builder builder = RedisSessionFilter.builder();
        Map<String, SettingProperties.Property> properties = SettingProperties.read(environment);
        if (SPRING_SECURITY_PRESENT) {
            // Sessions by user, for the session registry: the user of the session's security context. A
            // principal setting from any source (properties, environment, system properties) wins over it.
            builder.principalResolver(new SecurityContextPrincipal());
        }
        for (SettingProperties.Property property : properties.values()) {
            try {
                // Built alone, so that a wrong value is blamed on its own property.
                RedisSessionFilter.builder().setting(property.key(), property.value()).build();
            } catch (InvalidSettingException e) {
                throw new InvalidSettingException("property " + property.propertyName() + " (" + property.origin()
                        + "): " + e.getMessage());
            }
            builder.setting(property.key(), property.value());
        }
        sessionListeners(sessionListeners, idListeners, attributeListeners, listenerRegistrations)
                .forEach(builder::sessionListener);
        FilterRegistrationBean<RedisSessionFilter> registration = new FilterRegistrationBean<>(builder.build());
        registration.setName(FILTER_NAME);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
        registration.setAsyncSupported(true);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * With Spring Security: its session registry on the sessions by user, so
     * {@code maximumSessions(n)} (which finds a {@link SessionRegistry} bean by itself) counts a
     * user's sessions on every server. Backs off when the application has a registry of its own.
     * With {@code portablesession.principal} set, that setting says who sessions belong to; the
     * registry works as long as it names users as {@code Authentication.getName()} does, and
     * with {@code principal=off} using it fails, saying so.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SessionRegistry.class)
    static class SpringSecurity {

        @Bean
        @ConditionalOnMissingBean(SessionRegistry.class)
        PortableSessionRegistry portableSessionRegistry(ServletContext servletContext) {
            return new PortableSessionRegistry(servletContext);
        }
    }

    /** Each listener once, though it may be of several kinds and registered more than one way. */
    private static List<EventListener> sessionListeners(ObjectProvider<HttpSessionListener> sessionListeners,
            ObjectProvider<HttpSessionIdListener> idListeners,
            ObjectProvider<HttpSessionAttributeListener> attributeListeners,
            ObjectProvider<ServletListenerRegistrationBean<?>> listenerRegistrations) {
        Set<EventListener> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<EventListener> listeners = new ArrayList<>();
        Stream.of(sessionListeners.orderedStream(), idListeners.orderedStream(), attributeListeners.orderedStream(),
                        listenerRegistrations.orderedStream()
                                .filter(ServletListenerRegistrationBean::isEnabled)
                                .map(ServletListenerRegistrationBean::getListener))
                .flatMap(stream -> stream.map(EventListener.class::cast))
                .filter(PortableSessionAutoConfiguration::isSessionListener)
                .filter(seen::add)
                .forEach(listeners::add);
        return listeners;
    }

    private static boolean isSessionListener(EventListener listener) {
        return listener instanceof HttpSessionListener || listener instanceof HttpSessionIdListener
                || listener instanceof HttpSessionAttributeListener;
    }
}
