package dev.portablesession.internal.codec.json;

import dev.portablesession.internal.codec.RejectedTypeException;
import dev.portablesession.internal.codec.TypeAllowList;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsontype.TypeSerializer;

/**
 * Wraps Jackson's serializer of a reference type ({@code Optional}, {@code AtomicReference}).
 * Jackson writes those as their content alone, with the content's type id: fine in a field
 * declared {@code Optional<String>}, whose declared type tells the reader to wrap the content
 * again, but silently lossy where a type id is needed (an {@code Optional} as the attribute, or
 * in an {@code Object} field), so there it refuses the value as not allowed.
 */
final class DeclaredTypeOnlySerializer extends ValueSerializer<Object> {

    private final ValueSerializer<Object> delegate;

    @SuppressWarnings("unchecked")
    DeclaredTypeOnlySerializer(ValueSerializer<?> delegate) {
        this.delegate = (ValueSerializer<Object>) delegate;
    }

    @Override
    public ValueSerializer<?> createContextual(SerializationContext ctxt, BeanProperty property) {
        return new DeclaredTypeOnlySerializer(delegate.createContextual(ctxt, property));
    }

    @Override
    public void resolve(SerializationContext ctxt) {
        delegate.resolve(ctxt);
    }

    @Override
    public boolean isEmpty(SerializationContext ctxt, Object value) {
        return delegate.isEmpty(ctxt, value);
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
        delegate.serialize(value, gen, ctxt);
    }

    @Override
    public void serializeWithType(Object value, JsonGenerator gen, SerializationContext ctxt, TypeSerializer typeSer) {
        EncodeSurvey survey = EncodeSurvey.current();
        if (survey != null) {
            TypeAllowList.note(survey.rejected, value.getClass().getName());
            delegate.serialize(value, gen, ctxt);
            return;
        }
        throw new RejectedTypeException(value.getClass().getName(), "is not in the allow-list");
    }
}
