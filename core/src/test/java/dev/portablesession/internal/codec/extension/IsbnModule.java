package dev.portablesession.internal.codec.extension;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdScalarSerializer;

/** A module as a library ships one: an {@link Isbn} is its digits as a JSON string. */
public class IsbnModule extends SimpleModule {

    public IsbnModule() {
        super("isbn");
        addSerializer(Isbn.class, new StdScalarSerializer<>(Isbn.class) {
            @Override
            public void serialize(Isbn value, JsonGenerator g, SerializationContext ctxt) {
                g.writeString(value.digits());
            }
        });
        addDeserializer(Isbn.class, new StdScalarDeserializer<>(Isbn.class) {
            @Override
            public Isbn deserialize(JsonParser p, DeserializationContext ctxt) {
                return Isbn.parse(p.getValueAsString());
            }
        });
    }
}
