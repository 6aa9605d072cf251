package dev.portablesession.benchmarks.app;

import dev.portablesession.internal.config.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The session implementations measured side by side; each is served under its own context path. */
public enum Variant {

    /**
     * Jetty with neither sessions nor a filter: what a request that never uses the session costs on
     * a bare server, the baseline of the no-session-access scenario (the only one it serves).
     */
    BARE("bare", "no sessions (Jetty, no filter)", Map.of()),
    /**
     * Jetty without sessions behind a filter that only passes the request on: what any filter
     * costs, the floor of the no-session-access scenario (the only one it serves).
     */
    PASS_THROUGH("pass-through", "a pass-through filter (Jetty, no sessions)", Map.of()),
    /** Jetty's own {@code SessionHandler}, sessions in the server's memory: the floor. */
    MEMORY("memory", "in-memory (Jetty)", Map.of()),
    /** This library with default settings (JSON codec). */
    PORTABLE("portable", "Portable Session", Map.of()),
    /** Spring Session's {@code RedisSessionRepository} over Lettuce, as its filter alone. */
    SPRING("spring", "Spring Session", Map.of()),
    /** This library holding a per-session lock for the whole request. */
    PORTABLE_EXCLUSIVE("portable-exclusive", "Portable Session, lock.mode=exclusive", Map.of("lock.mode", "exclusive")),
    /** This library loading every attribute with the session (attribute.lazy-above=off): what deferring is worth. */
    PORTABLE_EAGER("portable-eager", "Portable Session, attribute.lazy-above=off",
            Map.of("attribute.lazy-above", "off")),
    /** This library compressing values above 16 KiB: the cart is stored compressed, the profile is not. */
    PORTABLE_COMPRESSED("portable-compressed", "Portable Session, codec.compress-above=16KiB",
            Map.of("codec.compress-above", "16KiB"));

    private final String key;
    private final String label;
    private final Map<String, String> extraSettings;

    Variant(String key, String label, Map<String, String> extraSettings) {
        this.key = key;
        this.label = label;
        this.extraSettings = extraSettings;
    }

    /** Whether the variant keeps its sessions in Redis, so that its Redis traffic is measured. */
    public boolean usesRedis() {
        return !sessionless() && this != MEMORY;
    }

    /** Whether the variant has no sessions at all, so that it serves only the no-session-access scenario. */
    public boolean sessionless() {
        return this == BARE || this == PASS_THROUGH;
    }

    /** Short name, used in the context path ({@code /<key>}) and on the command line. */
    public String key() {
        return key;
    }

    /** Name in the report. */
    public String label() {
        return label;
    }

    /** Filter init-params beyond the defaults, for the Portable Session variants. */
    public Map<String, String> extraSettings() {
        return extraSettings;
    }

    /**
     * Whether this build of the library can run the variant: a variant whose settings the library
     * does not know (say, {@code lock.mode} before locking exists) would silently measure the
     * default instead, so it is left out.
     */
    public boolean supported() {
        return extraSettings.keySet().stream().allMatch(name -> Setting.forKey(name).isPresent());
    }

    /**
     * The variants of a run that names none: those this build supports but the compressed one,
     * which answers one question (issue 14) and is run by name.
     */
    public static List<Variant> defaultVariants() {
        return supportedVariants().stream()
                .filter(variant -> variant != PORTABLE_COMPRESSED && variant != PORTABLE_EAGER).toList();
    }

    /** The variants this build supports, in declaration order. */
    public static List<Variant> supportedVariants() {
        return Arrays.stream(values()).filter(Variant::supported).toList();
    }

    /** The variant with this key. */
    public static Variant forKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown variant " + key + "; known: "
                        + Arrays.stream(values()).map(Variant::key).toList()));
    }
}
