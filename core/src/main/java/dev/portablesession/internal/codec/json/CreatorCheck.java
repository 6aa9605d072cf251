package dev.portablesession.internal.codec.json;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.DeserializationContexts;
import tools.jackson.databind.deser.DeserializerFactory;
import tools.jackson.databind.deser.SettableBeanProperty;
import tools.jackson.databind.deser.bean.BeanDeserializerBase;
import tools.jackson.databind.deser.std.ContainerDeserializerBase;

/**
 * Finds, when a class is first stored, whether Jackson could build it again: a class that
 * serializes fine but has no default constructor and no creator would otherwise only fail when
 * the next request reads the session, far from the {@code setAttribute} that caused it.
 *
 * <p>{@link AllowListTypeIdResolver} asks about every class it writes a type id for. The check
 * inspects Jackson's deserializer for the class and, recursively, for the declared types of its
 * properties and their elements; the result is kept per class, so it costs one map look-up after
 * the first time. Application code is never run.
 *
 * <p>The check asks the deserializers of the mapper whose type ids it serves, through that
 * mapper's own {@link DeserializationContexts}, so what it finds (and caches) is what reading
 * uses. A built mapper hands out a context only through its internal
 * {@code _deserializationContext()}; the check therefore supplies the mapper's
 * {@linkplain #contexts() contexts} to its builder and keeps the instance the mapper binds to
 * itself.
 */
final class CreatorCheck {

    private final Map<Class<?>, Optional<String>> problems = new ConcurrentHashMap<>();
    private final BindingContexts contexts = new BindingContexts();

    /** For {@code MapperBuilder.deserializationContexts}, of the one mapper the check serves. */
    DeserializationContexts contexts() {
        return contexts;
    }

    /**
     * @param type the runtime class of a value about to be stored
     * @throws UncreatableTypeException if Jackson could not rebuild a value of that class
     */
    void verify(Class<?> type) {
        Optional<String> problem = problemWith(type);
        if (problem.isPresent()) {
            throw new UncreatableTypeException(problem.get());
        }
    }

    private Optional<String> problemWith(Class<?> type) {
        // The JDK's own classes are handled by Jackson's built-in deserializers and by
        // StoredCollectionTypes, enums by name; asking Jackson about hidden JDK classes or the
        // class of an enum constant with a body would only raise false alarms.
        if (type.getName().startsWith("java.") || Enum.class.isAssignableFrom(type)) {
            return Optional.empty();
        }
        return problems.computeIfAbsent(type, this::inspect);
    }

    private Optional<String> inspect(Class<?> type) {
        try {
            DeserializationContext ctxt = contexts.createContext();
            return find(ctxt.findContextualValueDeserializer(ctxt.constructType(type), null), new HashSet<>());
        } catch (JacksonException e) {
            return Optional.of(JsonFailures.firstLine(e.getOriginalMessage()));
        }
    }

    private static Optional<String> find(ValueDeserializer<?> deserializer, Set<ValueDeserializer<?>> seen) {
        if (deserializer == null || !seen.add(deserializer)) {
            return Optional.empty();
        }
        if (deserializer instanceof BeanDeserializerBase bean) {
            if (!bean.getValueInstantiator().canInstantiate()) {
                return Optional.of("no default constructor or creator for " + bean.handledType().getName());
            }
            for (Iterator<SettableBeanProperty> it = bean.properties(); it.hasNext(); ) {
                Optional<String> problem = find(it.next().getValueDeserializer(), seen);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }
        if (deserializer instanceof ContainerDeserializerBase<?> container) {
            return find(container.getContentDeserializer(), seen);
        }
        return find(deserializer.getDelegatee(), seen);
    }

    /** The standard contexts, remembering what the mapper bound them to when it was built. */
    private static final class BindingContexts extends DeserializationContexts.DefaultImpl {

        private DeserializationConfig config;
        private DeserializationContexts bound;

        @Override
        public DeserializationContexts forMapper(Object mapper, DeserializationConfig config,
                TokenStreamFactory streamFactory, DeserializerFactory deserializerFactory) {
            if (bound != null) {
                throw new IllegalStateException("serves one mapper only");
            }
            this.config = config;
            this.bound = super.forMapper(mapper, config, streamFactory, deserializerFactory);
            return bound;
        }

        /** A context as the mapper creates one for reading, sharing its deserializer cache. */
        DeserializationContext createContext() {
            return bound.createContext(config, null, null);
        }
    }
}
