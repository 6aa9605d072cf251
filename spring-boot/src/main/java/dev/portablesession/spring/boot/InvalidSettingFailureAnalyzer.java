package dev.portablesession.spring.boot;

import dev.portablesession.InvalidSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a wrong {@code portablesession.*} property into Spring Boot's "APPLICATION FAILED TO
 * START" report, its message as the description, instead of a stack trace whose cause is four
 * exceptions down.
 */
final class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis(cause.getMessage(), "Correct or remove that " + SettingProperties.PREFIX
                + ".* property: the settings, their names and values are those of Portable Session's "
                + "docs/configuration.md. To start without the filter, set " + SettingProperties.PREFIX + "."
                + SettingProperties.ENABLED + "=false.", cause);
    }
}
