package dev.portablesession.internal.codec.json;

import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * Reads what {@link ObjectKeyMapSerializer} writes: a JSON object through Jackson's own map
 * deserializer, or an array of typed {@code [key, value]} pairs.
 */
final class ObjectKeyMapDeserializer extends DelegatingDeserializer {

    /**
     * @param objectForm Jackson's deserializer for the map type; it must expose a value
     *     instantiator, which every map deserializer does
     */
    ObjectKeyMapDeserializer(ValueDeserializer<?> objectForm) {
        super(objectForm);
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> newDelegatee) {
        return new ObjectKeyMapDeserializer(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) {
        if (!p.isExpectedStartArrayToken()) {
            return super.deserialize(p, ctxt);
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> map = (Map<Object, Object>)
                ((ValueInstantiator.Gettable) _delegatee).getValueInstantiator().createUsingDefault(ctxt);
        ValueDeserializer<Object> anyType = ctxt.findRootValueDeserializer(ctxt.constructType(Object.class));
        while (p.nextToken() == JsonToken.START_ARRAY) {
            Object key = readTyped(p, ctxt, anyType);
            Object value = readTyped(p, ctxt, anyType);
            if (p.nextToken() != JsonToken.END_ARRAY) {
                ctxt.reportWrongTokenException(this, JsonToken.END_ARRAY, "a map entry is a [key, value] pair");
            }
            map.put(key, value);
        }
        if (!p.hasToken(JsonToken.END_ARRAY)) {
            ctxt.reportWrongTokenException(this, JsonToken.START_ARRAY, "expected a [key, value] pair");
        }
        return map;
    }

    private static Object readTyped(JsonParser p, DeserializationContext ctxt, ValueDeserializer<Object> anyType) {
        return p.nextToken() == JsonToken.VALUE_NULL ? null : anyType.deserialize(p, ctxt);
    }
}
