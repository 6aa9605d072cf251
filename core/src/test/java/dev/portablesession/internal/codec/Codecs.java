package dev.portablesession.internal.codec;

import java.util.List;

/** The codecs as the tests build them: fixtures allowed, gadgets not. */
final class Codecs {

    static final List<String> ALLOWED = List.of("dev.portablesession.internal.codec.fixture.*");

    static final JsonAttributeCodec JSON = new JsonAttributeCodec(ALLOWED, Codecs.class.getClassLoader());

    static final JdkAttributeCodec JDK = new JdkAttributeCodec(ALLOWED, Codecs.class.getClassLoader());

    private Codecs() {
    }

    static Object roundTrip(AttributeCodec codec, Object value) {
        return codec.decode("attr", codec.encode("attr", value));
    }
}
