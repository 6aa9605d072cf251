package dev.portablesession.internal.codec.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;

/**
 * What an application adds to the JSON codec's Jackson mapper so that a framework's objects can
 * be stored: Jackson modules (Spring Security's, say) and mix-ins. Immutable.
 *
 * <p>An extension may change how a class is written and read, never which classes stored JSON
 * may name: a module that replaces the codec's type validator or its default typing is refused
 * (Spring Security's {@code SecurityJacksonModules.getModules} adds one such module, which swaps
 * in Spring's own validator). Classes named by type ids, the codec's own and those of an
 * extension's {@code @JsonTypeInfo}, still need {@code codec.allow}.
 */
public final class JacksonExtensions {

    /** No modules, no mix-ins. */
    public static final JacksonExtensions NONE = new JacksonExtensions(List.of(), Map.of());

    /** Spring Security and others ship a Jackson 2 module beside the Jackson 3 one. */
    private static final String JACKSON_2 = "; it is a Jackson 2 module, and the codec uses Jackson 3: name the "
            + "library's Jackson 3 module instead (Spring Security's are in packages named jackson, not jackson2)";

    private final List<JacksonModule> modules;
    private final Map<Class<?>, Class<?>> mixIns;

    private JacksonExtensions(List<JacksonModule> modules, Map<Class<?>, Class<?>> mixIns) {
        this.modules = List.copyOf(modules);
        this.mixIns = Map.copyOf(mixIns);
    }

    /**
     * @param modules modules to register, in order
     * @return extensions of these modules
     * @throws IllegalArgumentException naming a module that would replace the codec's type
     *     validator or default typing
     */
    public static JacksonExtensions ofModules(List<? extends JacksonModule> modules) {
        for (JacksonModule module : modules) {
            checkTyping(Objects.requireNonNull(module, "module"));
        }
        return new JacksonExtensions(new ArrayList<>(modules), Map.of());
    }

    /**
     * Loads and instantiates module classes, for the setting {@code codec.jackson-modules}.
     *
     * @param classNames fully qualified names of {@link JacksonModule} subclasses with a public
     *     no-argument constructor
     * @param loader the web application's class loader
     * @return these extensions with the modules added after those already here
     * @throws IllegalArgumentException whose message says which class cannot be used and why,
     *     for the setting's error message
     */
    public JacksonExtensions withModuleClasses(List<String> classNames, ClassLoader loader) {
        List<JacksonModule> all = new ArrayList<>(modules);
        for (String name : classNames) {
            Class<?> type = load(name, loader);
            if (!JacksonModule.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(name + " is not a Jackson 3 module (a subclass of "
                        + JacksonModule.class.getName() + ")" + jackson2Hint(type));
            }
            JacksonModule module = instantiate(type.asSubclass(JacksonModule.class));
            checkTyping(module);
            all.add(module);
        }
        return new JacksonExtensions(all, mixIns);
    }

    /**
     * Loads mix-in classes, for the setting {@code codec.jackson-mixins}.
     *
     * @param targetToMixIn fully qualified names: the class whose Jackson annotations are
     *     supplied → the class that carries them
     * @param loader the web application's class loader
     * @return these extensions with the mix-ins added; a target already here gets the new mix-in
     * @throws IllegalArgumentException whose message says which class cannot be loaded, for the
     *     setting's error message
     */
    public JacksonExtensions withMixIns(Map<String, String> targetToMixIn, ClassLoader loader) {
        Map<Class<?>, Class<?>> all = new LinkedHashMap<>(mixIns);
        targetToMixIn.forEach((target, mixIn) -> all.put(load(target, loader), load(mixIn, loader)));
        return new JacksonExtensions(modules, all);
    }

    /**
     * @param later extensions registered after these
     * @return both; where both give a mix-in for one class, {@code later}'s
     */
    public JacksonExtensions with(JacksonExtensions later) {
        List<JacksonModule> allModules = new ArrayList<>(modules);
        allModules.addAll(later.modules);
        Map<Class<?>, Class<?>> allMixIns = new LinkedHashMap<>(mixIns);
        allMixIns.putAll(later.mixIns);
        return new JacksonExtensions(allModules, allMixIns);
    }

    /** @return whether there are no modules and no mix-ins */
    public boolean isEmpty() {
        return modules.isEmpty() && mixIns.isEmpty();
    }

    /** Registers the modules, then the mix-ins, so a mix-in given here wins over a module's. */
    void applyTo(JsonMapper.Builder builder) {
        builder.addModules(modules);
        mixIns.forEach(builder::addMixIn);
    }

    /**
     * A module sets itself up when the mapper is built, and through the builder it is handed it
     * could widen polymorphic typing; a trial build shows whether it does.
     */
    private static void checkTyping(JacksonModule module) {
        PolymorphicTypeValidator validator = new PolymorphicTypeValidator.Base() {
        };
        DefaultTypeResolverBuilder typing = new DefaultTypeResolverBuilder(validator, DefaultTyping.NON_FINAL,
                JsonTypeInfo.As.PROPERTY);
        JsonMapper trial = JsonMapper.builder().polymorphicTypeValidator(validator).setDefaultTyping(typing)
                .addModule(module).build();
        if (trial.deserializationConfig().getPolymorphicTypeValidator() != validator
                || trial.serializationConfig().getPolymorphicTypeValidator() != validator
                || trial.deserializationConfig().getDefaultTyper(null) != typing
                || trial.serializationConfig().getDefaultTyper(null) != typing) {
            throw new IllegalArgumentException(describe(module) + " replaces the JSON codec's polymorphic type "
                    + "validation (its type validator or default typing), which would let stored JSON name classes "
                    + "outside codec.allow; leave it out (with Spring Security, register CoreJacksonModule, "
                    + "WebJacksonModule and WebServletJacksonModule themselves rather than the list "
                    + "SecurityJacksonModules.getModules returns, which ends with such a module)");
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class " + name + " is not found by the web application's class "
                    + "loader; check the name and that its jar is in WEB-INF/lib");
        } catch (LinkageError e) {
            String missing = String.valueOf(e.getMessage()).replace('/', '.');
            throw new IllegalArgumentException("class " + name + " cannot be loaded (" + e + ")"
                    + (missing.contains("com.fasterxml.jackson.databind.") ? JACKSON_2 : ""));
        }
    }

    private static JacksonModule instantiate(Class<? extends JacksonModule> type) {
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(type.getName() + " is abstract; name a concrete module");
        }
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException(type.getName() + " has no public no-argument constructor; "
                    + "give it one, or pass an instance to RedisSessionFilter.builder().jacksonModules");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(type.getName() + "'s constructor threw " + e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IllegalArgumentException(type.getName() + " cannot be instantiated (" + e + ")");
        }
    }

    private static String jackson2Hint(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals("com.fasterxml.jackson.databind.Module")) {
                return JACKSON_2;
            }
        }
        return "";
    }

    private static String describe(JacksonModule module) {
        Class<?> type = module.getClass();
        return "Jackson module " + (type.isAnonymousClass() ? "\"" + module.getModuleName() + "\" (" + type.getName()
                + ")" : type.getName());
    }
}
