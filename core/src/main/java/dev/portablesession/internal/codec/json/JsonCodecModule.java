package dev.portablesession.internal.codec.json;

import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.type.MapType;

/**
 * The JSON codec's changes to Jackson's standard serializers, for values Jackson would otherwise
 * write in a form that reads back as something else:
 * <ul>
 *   <li>maps whose key type is {@code Object} get {@link ObjectKeyMapSerializer} and
 *       {@link ObjectKeyMapDeserializer}, so non-string keys keep their type (a declared key
 *       type, as in a {@code Map<Long, Item>} field, already does);</li>
 *   <li>reference types ({@code Optional}, {@code AtomicReference}) get
 *       {@link DeclaredTypeOnlySerializer}.</li>
 * </ul>
 */
final class JsonCodecModule extends SimpleModule {

    JsonCodecModule() {
        super("portable-session-codec");
        setSerializerModifier(new ValueSerializerModifier() {
            @Override
            public ValueSerializer<?> modifyMapSerializer(SerializationConfig config, MapType type,
                    BeanDescription.Supplier beanDesc, ValueSerializer<?> serializer) {
                return type.getKeyType().isJavaLangObject() ? new ObjectKeyMapSerializer(serializer) : serializer;
            }

            @Override
            public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier beanDesc,
                    ValueSerializer<?> serializer) {
                return beanDesc.getType().isReferenceType() ? new DeclaredTypeOnlySerializer(serializer) : serializer;
            }
        });
        setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyMapDeserializer(DeserializationConfig config, MapType type,
                    BeanDescription.Supplier beanDesc, ValueDeserializer<?> deserializer) {
                return type.getKeyType().isJavaLangObject() && deserializer instanceof ValueInstantiator.Gettable
                        ? new ObjectKeyMapDeserializer(deserializer) : deserializer;
            }
        });
    }
}
