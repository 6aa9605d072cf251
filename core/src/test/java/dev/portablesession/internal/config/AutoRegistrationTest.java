package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portablesession.InvalidSettingException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoRegistrationTest {

    @Test
    void defaultsToAuto() {
        assertEquals(AutoRegistration.AUTO, AutoRegistration.read(SettingSources.builder()));
    }

    @Test
    void readsContextParamsAndLetsSystemPropertiesAndEnvironmentOverrideThem() {
        Map<String, String> context = Map.of("portablesession.auto-register", "FALSE");
        assertEquals(AutoRegistration.NEVER, AutoRegistration.read(SettingSources.builder().contextParams(context::get)));
        assertEquals(AutoRegistration.ALWAYS, AutoRegistration.read(SettingSources.builder().contextParams(context::get)
                .environment(Map.of("PORTABLESESSION_AUTO_REGISTER", "true")::get)));
        assertEquals(AutoRegistration.AUTO, AutoRegistration.read(SettingSources.builder().contextParams(context::get)
                .systemProperties(Map.of("portablesession.auto-register", "auto")::get)));
    }

    @Test
    void anInvalidValueNamesTheSettingItsSourceAndTheChoices() {
        Map<String, String> context = Map.of("portablesession.auto-register", "yes");
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> AutoRegistration.read(SettingSources.builder().contextParams(context::get)));
        assertEquals("invalid setting auto-register = \"yes\" (from context-param portablesession.auto-register): "
                + "expected one of auto, true, false", e.getMessage());
    }
}
