package dev.portablesession.internal.codec.json;

import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.WritableTypeId;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsontype.TypeSerializer;

/**
 * Writes a map whose declared key type is {@code Object} (a map stored as an attribute, or held
 * in an {@code Object} or {@code Map<?, ?>} position) so that its keys keep their type.
 *
 * <p>JSON object keys are strings, so a map with only {@code String} keys is written as an
 * object by Jackson's own serializer; any other map is written as an array of
 * {@code [key, value]} pairs, each with its type id. {@link ObjectKeyMapDeserializer} reads both.
 */
final class ObjectKeyMapSerializer extends ValueSerializer<Map<?, ?>> {

    private final ValueSerializer<Object> objectForm;

    @SuppressWarnings("unchecked")
    ObjectKeyMapSerializer(ValueSerializer<?> objectForm) {
        this.objectForm = (ValueSerializer<Object>) objectForm;
    }

    @Override
    public ValueSerializer<?> createContextual(SerializationContext ctxt, BeanProperty property) {
        return new ObjectKeyMapSerializer(objectForm.createContextual(ctxt, property));
    }

    @Override
    public void resolve(SerializationContext ctxt) {
        objectForm.resolve(ctxt);
    }

    @Override
    public boolean isEmpty(SerializationContext ctxt, Map<?, ?> map) {
        return map.isEmpty();
    }

    @Override
    public void serialize(Map<?, ?> map, JsonGenerator gen, SerializationContext ctxt) {
        if (hasOnlyStringKeys(map)) {
            objectForm.serialize(map, gen, ctxt);
        } else {
            gen.writeStartArray(map, map.size());
            writePairs(map, gen, ctxt);
            gen.writeEndArray();
        }
    }

    @Override
    public void serializeWithType(Map<?, ?> map, JsonGenerator gen, SerializationContext ctxt,
            TypeSerializer typeSer) {
        if (hasOnlyStringKeys(map)) {
            objectForm.serializeWithType(map, gen, ctxt, typeSer);
            return;
        }
        // The prefix opens the array of pairs and the suffix closes it.
        WritableTypeId typeId = typeSer.writeTypePrefix(gen, ctxt, typeSer.typeId(map, JsonToken.START_ARRAY));
        writePairs(map, gen, ctxt);
        typeSer.writeTypeSuffix(gen, ctxt, typeId);
    }

    private static boolean hasOnlyStringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                return false;
            }
        }
        return true;
    }

    private static void writePairs(Map<?, ?> map, JsonGenerator gen, SerializationContext ctxt) {
        TypeSerializer anyType = ctxt.findTypeSerializer(ctxt.constructType(Object.class));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            gen.writeStartArray();
            writeTyped(entry.getKey(), gen, ctxt, anyType);
            writeTyped(entry.getValue(), gen, ctxt, anyType);
            gen.writeEndArray();
        }
    }

    private static void writeTyped(Object value, JsonGenerator gen, SerializationContext ctxt, TypeSerializer anyType) {
        if (value == null) {
            ctxt.defaultSerializeNullValue(gen);
        } else {
            ctxt.findValueSerializer(value.getClass()).serializeWithType(value, gen, ctxt, anyType);
        }
    }
}
