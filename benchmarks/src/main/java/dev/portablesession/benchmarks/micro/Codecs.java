package dev.portablesession.benchmarks.micro;

import dev.portablesession.benchmarks.app.SessionData;
import dev.portablesession.internal.codec.AttributeCodec;
import dev.portablesession.internal.codec.jdk.JdkAttributeCodec;
import dev.portablesession.internal.codec.json.JsonAttributeCodec;
import java.util.List;

/** The codecs and attribute values the micro-benchmarks share, as the HTTP benchmark configures them. */
final class Codecs {

    private static final List<String> ALLOWED = List.of("dev.portablesession.benchmarks.app.*");

    private Codecs() {
    }

    /** {@code json} or {@code jdk}, allowing the benchmark's application classes. */
    static AttributeCodec codec(String name) {
        ClassLoader loader = Codecs.class.getClassLoader();
        return switch (name) {
            case "json" -> new JsonAttributeCodec(ALLOWED, loader);
            case "jdk" -> new JdkAttributeCodec(ALLOWED, loader);
            default -> throw new IllegalArgumentException("codec " + name);
        };
    }

    /** {@code profile} (~1 KB as JSON) or {@code cart} (~50 KB as JSON). */
    static Object attribute(String name) {
        return switch (name) {
            case "profile" -> SessionData.profile(42);
            case "cart" -> SessionData.cart(42);
            default -> throw new IllegalArgumentException("attribute " + name);
        };
    }
}
