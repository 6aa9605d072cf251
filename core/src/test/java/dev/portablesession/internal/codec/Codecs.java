package dev.portablesession.internal.codec;

import dev.portablesession.internal.codec.jdk.JdkAttributeCodec;
import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import java.util.List;

/** The codecs as the tests build them: fixtures allowed, gadgets not. */
public final class Codecs {

    public static final List<String> ALLOWED = List.of("dev.portablesession.internal.codec.fixture.*");

    public static final JsonAttributeCodec JSON = new JsonAttributeCodec(ALLOWED, Codecs.class.getClassLoader());

    public static final JdkAttributeCodec JDK = new JdkAttributeCodec(ALLOWED, Codecs.class.getClassLoader());

    private Codecs() {
    }

    public static Object roundTrip(AttributeCodec codec, Object value) {
        return codec.decode("attr", codec.encode("attr", value));
    }
}
