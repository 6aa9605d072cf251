package dev.portablesession.internal.config;

import dev.portablesession.InvalidSettingException;

/**
 * Whether the library's {@code ServletContainerInitializer} registers the filter in an
 * application that has the jar (setting {@code auto-register}).
 */
public enum AutoRegistration {

    /**
     * Registers when the context-param {@code portablesession.redis.url} or
     * {@code portablesession.redis.config-file} is set: an application that configures the
     * library's Redis wants the library. The default.
     */
    AUTO("auto"),
    /** Always registers, also when Redis is configured elsewhere (system property, environment). */
    ALWAYS("true"),
    /**
     * Never registers: for applications that register the filter in code, where the initializer
     * cannot see it, or that ship the jar without using it.
     */
    NEVER("false");

    private final String configValue;

    AutoRegistration(String configValue) {
        this.configValue = configValue;
    }

    /**
     * Reads {@code auto-register} alone: at the time the initializer runs, the filter's other
     * settings are not needed, and an invalid one must be reported by the filter, which names it.
     *
     * @throws InvalidSettingException when the value is not {@code auto}, {@code true} or {@code false}
     */
    public static AutoRegistration read(SettingSources sources) {
        return new ValueReader(sources).read(Setting.AUTO_REGISTER,
                text -> Syntax.oneOf(text, values(), AutoRegistration::configValue));
    }

    /** @return the spelling in configuration: {@code auto}, {@code true} or {@code false} */
    public String configValue() {
        return configValue;
    }
}
