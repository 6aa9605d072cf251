package dev.portablesession.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.InvalidSettingException;
import dev.portablesession.RedisSessionFilter;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** When the auto-configuration registers the filter, how, and how a wrong property stops the start. */
class PortableSessionAutoConfigurationTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PortableSessionAutoConfiguration.class));

    @Test
    void isListedForSpringBootToFind() {
        assertTrue(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
                .getCandidates().contains(PortableSessionAutoConfiguration.class.getName()));
    }

    @Test
    void registersTheFilterFirstOnEveryPathForEveryDispatcherType() {
        web.run(context -> {
            FilterRegistrationBean<?> registration = context.getBean(PortableSessionAutoConfiguration.FILTER_NAME,
                    FilterRegistrationBean.class);
            assertInstanceOf(RedisSessionFilter.class, registration.getFilter());
            assertEquals(Ordered.HIGHEST_PRECEDENCE, registration.getOrder());
            assertEquals(EnumSet.allOf(DispatcherType.class), registration.determineDispatcherTypes());
            assertEquals(List.of("/*"), List.copyOf(registration.getUrlPatterns()));
            assertTrue(registration.isAsyncSupported());
            assertEquals(PortableSessionAutoConfiguration.FILTER_NAME, registration.getFilterName());
        });
    }

    @Test
    void backsOffWhenDisabled() {
        web.withPropertyValues("portablesession.enabled=false")
                .run(context -> assertEquals(0, context.getBeanNamesForType(FilterRegistrationBean.class).length));
        web.withPropertyValues("portablesession.enabled=true")
                .run(context -> assertEquals(1, context.getBeanNamesForType(FilterRegistrationBean.class).length));
    }

    @Test
    void backsOffOutsideAServletWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PortableSessionAutoConfiguration.class))
                .run(context -> {
                    assertNull(context.getStartupFailure());
                    assertEquals(0, context.getBeanNamesForType(FilterRegistrationBean.class).length);
                });
    }

    @Test
    void backsOffForTheApplicationsOwnFilterBean() {
        RedisSessionFilter own = RedisSessionFilter.builder().namespace("own").build();
        web.withBean(RedisSessionFilter.class, () -> own).run(context -> {
            assertEquals(0, context.getBeanNamesForType(FilterRegistrationBean.class).length);
            assertSame(own, context.getBean(RedisSessionFilter.class));
        });
    }

    @Test
    void backsOffForTheApplicationsOwnRegistration() {
        web.withUserConfiguration(OwnRegistration.class).run(context -> {
            assertEquals(List.of("ownRegistration"),
                    List.of(context.getBeanNamesForType(FilterRegistrationBean.class)));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistration {

        @Bean
        FilterRegistrationBean<RedisSessionFilter> ownRegistration() {
            return new FilterRegistrationBean<>(RedisSessionFilter.builder().namespace("own").build());
        }
    }

    @Test
    void aMisspeltPropertyStopsTheStartAndSaysWhichWasMeant() {
        web.withPropertyValues("portablesession.redis-url=redis://cache.internal").run(context -> {
            InvalidSettingException e = rootCause(context.getStartupFailure());
            assertTrue(e.getMessage().startsWith("property portablesession.redis-url (")
                    && e.getMessage().contains("): unknown setting \"redis-url\" in the builder (did you mean redis.url?)"),
                    e.getMessage());
        });
    }

    @Test
    void aWrongValueStopsTheStartNamingTheProperty() {
        web.withPropertyValues("portablesession.namespace=shop", "portablesession.attribute.max-size=100").run(context -> {
            InvalidSettingException e = rootCause(context.getStartupFailure());
            assertTrue(e.getMessage().startsWith("property portablesession.attribute.max-size (")
                    && e.getMessage().endsWith("): invalid setting attribute.max-size = \"100\" (from the builder): "
                            + "expected a size from 1KiB to 512MiB"), e.getMessage());
        });
    }

    @Test
    void aPropertyOnlyTheInitializerReadsStopsTheStart() {
        web.withPropertyValues("portablesession.auto-register=false").run(context -> {
            InvalidSettingException e = rootCause(context.getStartupFailure());
            assertTrue(e.getMessage().startsWith("property portablesession.auto-register ("), e.getMessage());
        });
    }

    @Test
    void springBootReportsAWrongPropertyAsAFailedStartWithTheMessage() {
        web.withPropertyValues("portablesession.redis-url=redis://cache.internal").run(context -> {
            // Spring Boot's own analyzers need what only a running SpringApplication gives them.
            FailureAnalyzer analyzer = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                    .load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> { }))
                    .stream().filter(InvalidSettingFailureAnalyzer.class::isInstance).findFirst()
                    .orElseThrow(() -> new AssertionError("InvalidSettingFailureAnalyzer is not in spring.factories"));
            FailureAnalysis analysis = analyzer.analyze(context.getStartupFailure());
            assertEquals(rootCause(context.getStartupFailure()).getMessage(), analysis.getDescription());
            assertTrue(analysis.getAction().startsWith("Correct or remove that portablesession.* property"),
                    analysis.getAction());
        });
    }

    private static InvalidSettingException rootCause(Throwable failure) {
        assertTrue(failure != null, "the start failed");
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return assertInstanceOf(InvalidSettingException.class, cause, () -> String.valueOf(failure));
    }
}
