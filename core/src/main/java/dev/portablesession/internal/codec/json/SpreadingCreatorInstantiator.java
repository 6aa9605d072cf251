package dev.portablesession.internal.codec.json;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;

/**
 * Builds objects whose constructor takes their properties (every record, and classes with a
 * {@code @JsonCreator} constructor) through a method handle made once per class.
 *
 * <p>Jackson 3.2 calls such a constructor with {@code MethodHandle.invokeWithArguments}, which
 * adapts the handle to the arguments again on every call: in the benchmark's server that was a
 * tenth of the codec's time for a record of seven fields, and more for a cart of 200 records.
 * Everything else (which constructor, the arguments, defaults for missing ones, error reports)
 * stays Jackson's: this class only replaces the call.
 */
final class SpreadingCreatorInstantiator extends StdValueInstantiator {

    private static final long serialVersionUID = 1L;

    /** The constructor as {@code (Object[]) -> Object}. */
    private final transient MethodHandle constructor;

    private SpreadingCreatorInstantiator(StdValueInstantiator jacksons, MethodHandle constructor) {
        super(jacksons);
        this.constructor = constructor;
    }

    /** Registers the replacement for every class whose standard instantiator calls a constructor with arguments. */
    static ValueInstantiators forEveryClass() {
        return new ValueInstantiators.Base() {
            @Override
            public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
                    BeanDescription.Supplier beanDesc, ValueInstantiator instantiator) {
                return replace(instantiator);
            }
        };
    }

    /** The replacement for Jackson's instantiator, or the instantiator itself where it does not apply. */
    static ValueInstantiator replace(ValueInstantiator instantiator) {
        if (instantiator.getClass() != StdValueInstantiator.class || !instantiator.canCreateFromObjectWith()
                || !(instantiator.getWithArgsCreator() instanceof AnnotatedConstructor creator)) {
            return instantiator;
        }
        Constructor<?> target = creator.getAnnotated();
        try {
            if (!target.trySetAccessible()) {
                return instantiator;
            }
            MethodHandle handle = MethodHandles.lookup().unreflectConstructor(target)
                    .asSpreader(Object[].class, target.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new SpreadingCreatorInstantiator((StdValueInstantiator) instantiator, handle);
        } catch (IllegalAccessException | RuntimeException e) {
            return instantiator;
        }
    }

    @Override
    public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) {
        try {
            return (Object) constructor.invokeExact(args);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // The constructor refused the arguments: Jackson calls it once more and reports that its own way.
            return super.createFromObjectWith(ctxt, args);
        }
    }
}
