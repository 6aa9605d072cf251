package dev.portablesession.internal.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.internal.codec.RecordingClassLoader;
import dev.portablesession.internal.codec.extension.DefaultTypingModule;
import dev.portablesession.internal.codec.extension.FrozenMixIn;
import dev.portablesession.internal.codec.extension.IsbnModule;
import dev.portablesession.internal.codec.extension.SecondTimeValidatorReplacingModule;
import dev.portablesession.internal.codec.extension.UnusableModules;
import dev.portablesession.internal.codec.extension.ValidatorReplacingModule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code codec.jackson-modules} and {@code codec.jackson-mixins} name is loaded with the
 * web application's class loader and checked: each message names the class and what to do, for
 * the filter to wrap in the setting's error.
 */
class JacksonExtensionsTest {

    private final RecordingClassLoader loader = new RecordingClassLoader();

    private String moduleRefusal(String className) {
        return assertThrows(IllegalArgumentException.class,
                () -> JacksonExtensions.NONE.withModuleClasses(List.of(IsbnModule.class.getName(), className), loader))
                .getMessage();
    }

    @Test
    void modulesAndMixInsLoadThroughTheGivenClassLoader() {
        JacksonExtensions extensions = JacksonExtensions.NONE
                .withModuleClasses(List.of(IsbnModule.class.getName()), loader)
                .withMixIns(Map.of("dev.portablesession.internal.codec.fixture.Frozen", FrozenMixIn.class.getName()), loader);

        assertFalse(extensions.isEmpty());
        assertTrue(JacksonExtensions.NONE.isEmpty());
        assertTrue(loader.requested.containsAll(List.of(IsbnModule.class.getName(), FrozenMixIn.class.getName(),
                "dev.portablesession.internal.codec.fixture.Frozen")), loader.requested.toString());
    }

    @Test
    void aMissingClassIsNamed() {
        assertEquals("class com.acme.MissingModule is not found by the web application's class loader; check the name "
                + "and that its jar is in WEB-INF/lib", moduleRefusal("com.acme.MissingModule"));
    }

    @Test
    void aClassThatIsNoModuleIsNamed() {
        assertEquals("java.lang.String is not a Jackson 3 module (a subclass of tools.jackson.databind.JacksonModule)",
                moduleRefusal("java.lang.String"));
    }

    /** Spring Security's jar holds both; the Jackson 2 one needs a Jackson the codec does not use. */
    @Test
    void aJackson2ModuleGetsPointedToTheJackson3One() {
        String message = moduleRefusal("org.springframework.security.jackson2.CoreJackson2Module");

        assertTrue(message.startsWith("class org.springframework.security.jackson2.CoreJackson2Module cannot be loaded ("),
                message);
        assertTrue(message.endsWith("; it is a Jackson 2 module, and the codec uses Jackson 3: name the library's Jackson 3 "
                + "module instead (Spring Security's are in packages named jackson, not jackson2)"), message);
    }

    @Test
    void aModuleTheFilterCannotInstantiateIsNamed() {
        String prefix = UnusableModules.class.getName();
        assertEquals(prefix + "$Abstract is abstract; name a concrete module", moduleRefusal(prefix + "$Abstract"));
        assertEquals(prefix + "$NeedsArgument has no public no-argument constructor; give it one, or pass an instance to "
                + "RedisSessionFilter.builder().jacksonModules", moduleRefusal(prefix + "$NeedsArgument"));
        assertEquals(prefix + "$PrivateConstructor has no public no-argument constructor; give it one, or pass an instance "
                + "to RedisSessionFilter.builder().jacksonModules", moduleRefusal(prefix + "$PrivateConstructor"));
        assertEquals(prefix + "$Throwing's constructor threw java.lang.IllegalStateException: no configuration",
                moduleRefusal(prefix + "$Throwing"));
    }

    @Test
    void aModuleThatWidensPolymorphicTypingIsRefused() {
        for (Class<?> module : List.of(ValidatorReplacingModule.class, DefaultTypingModule.class)) {
            assertEquals("Jackson module " + module.getName() + " replaces the JSON codec's polymorphic type validation "
                    + "(its type validator or default typing), which would let stored JSON name classes outside codec.allow; "
                    + "leave it out (with Spring Security, register CoreJacksonModule, WebJacksonModule and "
                    + "WebServletJacksonModule themselves rather than the list SecurityJacksonModules.getModules returns, "
                    + "which ends with such a module)", moduleRefusal(module.getName()));
        }
    }

    @Test
    void moduleInstancesAreCheckedTheSameWay() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JacksonExtensions.ofModules(List.of(new IsbnModule(), new ValidatorReplacingModule())));

        assertTrue(e.getMessage().startsWith("Jackson module " + ValidatorReplacingModule.class.getName()
                + " replaces the JSON codec's polymorphic type validation"), e.getMessage());
    }

    /** The check tries a module on a mapper of its own; the codec makes sure the real mapper kept its validation too. */
    @Test
    void aModuleThatWidensTypingOnlyLaterIsRefusedByTheCodec() {
        JacksonExtensions passedTheCheck = JacksonExtensions.ofModules(List.of(new SecondTimeValidatorReplacingModule()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JsonAttributeCodec(List.of(), loader, name -> false, passedTheCheck));

        assertEquals("a Jackson module of codec.jackson-modules or the builder replaced the JSON codec's polymorphic type "
                + "validation when the codec was built, though not when it was checked; leave it out", e.getMessage());
    }

    @Test
    void aMixInOrTargetThatCannotBeLoadedIsNamed() {
        IllegalArgumentException target = assertThrows(IllegalArgumentException.class, () -> JacksonExtensions.NONE
                .withMixIns(Map.of("com.acme.Money", FrozenMixIn.class.getName()), loader));
        IllegalArgumentException mixIn = assertThrows(IllegalArgumentException.class, () -> JacksonExtensions.NONE
                .withMixIns(Map.of("dev.portablesession.internal.codec.fixture.Frozen", "com.acme.FrozenMixIn"), loader));

        assertEquals("class com.acme.Money is not found by the web application's class loader; check the name and that "
                + "its jar is in WEB-INF/lib", target.getMessage());
        assertEquals("class com.acme.FrozenMixIn is not found by the web application's class loader; check the name and "
                + "that its jar is in WEB-INF/lib", mixIn.getMessage());
    }
}
