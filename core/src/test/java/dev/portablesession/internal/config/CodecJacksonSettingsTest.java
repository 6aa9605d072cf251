package dev.portablesession.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.InvalidSettingException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code codec.jackson-modules} and {@code codec.jackson-mixins} as text: the settings check the
 * syntax, and keep the names for the filter to load (the config package knows no Jackson).
 */
class CodecJacksonSettingsTest {

    private static Settings load(Map<String, String> initParams) {
        return Settings.load(SettingSources.builder().initParams(initParams::get));
    }

    private static String rejection(String key, String value) {
        return assertThrows(InvalidSettingException.class, () -> load(Map.of(key, value))).getMessage();
    }

    @Test
    void bothAreEmptyByDefault() {
        Settings defaults = load(Map.of());
        assertEquals(List.of(), defaults.codecJacksonModules());
        assertEquals(Map.of(), defaults.codecJacksonMixins());
        assertEquals(List.of(), defaults.warnings());
    }

    @Test
    void modulesSplitOnCommasAndWhitespaceInTheOrderGiven() {
        Settings settings = load(Map.of("codec.jackson-modules", " org.springframework.security.jackson.CoreJacksonModule,\n"
                + "  org.springframework.security.web.jackson.WebJacksonModule ,,com.acme.Outer$JsonModule "
                + "org.springframework.security.jackson.CoreJacksonModule"));

        assertEquals(List.of("org.springframework.security.jackson.CoreJacksonModule",
                "org.springframework.security.web.jackson.WebJacksonModule", "com.acme.Outer$JsonModule"),
                settings.codecJacksonModules());
        assertTrue(settings.describe().contains(", codec.jackson-modules=[org.springframework.security.jackson.CoreJacksonModule, "
                + "org.springframework.security.web.jackson.WebJacksonModule, com.acme.Outer$JsonModule], "), settings.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"com..acme.Module", "com.acme.Module;", "com/acme/Module", "1com.Module", "com.acme.*",
        "com.acme.Module.class=x"})
    void aModuleEntryThatIsNoClassNameIsRefusedNamingIt(String entry) {
        assertEquals("invalid setting codec.jackson-modules = \"com.acme.Good " + entry + "\" (from init-param "
                + "codec.jackson-modules): \"" + entry + "\" is not a class name; expected fully qualified names such as "
                + "org.springframework.security.jackson.CoreJacksonModule, separated by commas or spaces",
                rejection("codec.jackson-modules", "com.acme.Good " + entry));
    }

    @Test
    void mixInsArePairsInTheOrderGiven() {
        Settings settings = load(Map.of("codec.jackson-mixins", "com.acme.Money=com.acme.json.MoneyMixIn,\n"
                + " com.acme.Sku = com.acme.json.SkuMixIn com.acme.Money=com.acme.json.MoneyMixIn"));

        assertEquals(List.of(Map.entry("com.acme.Money", "com.acme.json.MoneyMixIn"),
                Map.entry("com.acme.Sku", "com.acme.json.SkuMixIn")), List.copyOf(settings.codecJacksonMixins().entrySet()));
        assertTrue(settings.describe().contains(", codec.jackson-mixins=[com.acme.Money=com.acme.json.MoneyMixIn, "
                + "com.acme.Sku=com.acme.json.SkuMixIn], "), settings.describe());
        assertThrows(UnsupportedOperationException.class, () -> settings.codecJacksonMixins().put("a.B", "a.C"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.acme.Money", "com.acme.Money=", "=com.acme.MoneyMixIn", "com.acme.Money=a=b",
        "com.acme.Money:com.acme.MoneyMixIn", "com..acme.Money=com.acme.MoneyMixIn", "com.acme.*=com.acme.MoneyMixIn"})
    void aMalformedPairIsRefusedNamingIt(String entry) {
        String shown = entry.replace(" ", "");
        assertEquals("invalid setting codec.jackson-mixins = \"com.acme.A=com.acme.AMixIn, " + entry + "\" (from init-param "
                + "codec.jackson-mixins): \"" + shown + "\" is not a target=mix-in pair of class names; expected pairs such as "
                + "com.acme.Money=com.acme.json.MoneyMixIn, separated by commas or spaces",
                rejection("codec.jackson-mixins", "com.acme.A=com.acme.AMixIn, " + entry));
    }

    @Test
    void aTargetWithTwoMixInsIsRefused() {
        assertEquals("invalid setting codec.jackson-mixins = \"com.acme.Money=com.acme.A, com.acme.Money=com.acme.B\" "
                + "(from init-param codec.jackson-mixins): com.acme.Money is given two mix-ins, com.acme.A and com.acme.B; "
                + "a class takes one (put the annotations of both in one mix-in)",
                rejection("codec.jackson-mixins", "com.acme.Money=com.acme.A, com.acme.Money=com.acme.B"));
    }

    /** A deployment may switch to codec=jdk in the environment while web.xml keeps the modules. */
    @Test
    void withTheJdkCodecTheyAreIgnoredWithAWarning() {
        Settings settings = Settings.load(SettingSources.builder()
                .initParams(Map.of("codec.jackson-modules", "com.acme.JsonModule")::get)
                .environment(Map.of("PORTABLESESSION_CODEC", "jdk")::get));

        assertEquals(List.of("codec.jackson-modules and codec.jackson-mixins apply to codec=json only; with codec=jdk "
                + "(from environment PORTABLESESSION_CODEC) they are ignored"), settings.warnings());
        assertEquals(List.of(), load(Map.of("codec", "jdk")).warnings(), "no warning when neither is set");
    }

    /** The filter loads the classes; what it finds wrong reads like any other invalid setting. */
    @Test
    void theFiltersFindingsNameTheSettingAndTheSource() {
        Settings settings = load(Map.of("codec.jackson-modules", "com.acme.Missing",
                "codec.jackson-mixins", "com.acme.Money=com.acme.Missing"));

        assertEquals("invalid setting codec.jackson-modules = \"com.acme.Missing\" (from init-param codec.jackson-modules): "
                + "class com.acme.Missing is not found", settings.invalidJacksonModules("class com.acme.Missing is not found")
                .getMessage());
        assertEquals("invalid setting codec.jackson-mixins = \"com.acme.Money=com.acme.Missing\" (from init-param "
                + "codec.jackson-mixins): class com.acme.Missing is not found",
                settings.invalidJacksonMixins("class com.acme.Missing is not found").getMessage());
    }
}
