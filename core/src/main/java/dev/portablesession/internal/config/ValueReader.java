package dev.portablesession.internal.config;

import dev.portablesession.InvalidSettingException;
import java.util.Optional;
import java.util.function.Function;

/** Picks each setting's value by precedence and turns parse failures into clear errors. */
final class ValueReader {

    private final SettingSources sources;

    ValueReader(SettingSources sources) {
        this.sources = sources;
    }

    /** Sources 1 to 5 and 7 by precedence, then the built-in default; empty when there is none. */
    /** Whether a source set {@code setting} (not its default). */
    boolean isExplicit(Setting setting) {
        return sources.explicit(setting).isPresent();
    }

    Optional<SourcedValue> find(Setting setting) {
        return sources.explicit(setting)
                .or(() -> sources.containerDefault(setting))
                .or(() -> builtIn(setting));
    }

    /** The parsed value of a setting that has a built-in default. */
    <T> T read(Setting setting, Function<String, T> parser) {
        return readOptional(setting, parser).orElseThrow();
    }

    /** The parsed value, or empty when no source sets it and it has no built-in default. */
    <T> Optional<T> readOptional(Setting setting, Function<String, T> parser) {
        return find(setting).map(value -> parse(setting, value, parser));
    }

    static Optional<SourcedValue> builtIn(Setting setting) {
        return Optional.ofNullable(setting.defaultValue())
                .map(text -> new SourcedValue(text, "default"));
    }

    static <T> T parse(Setting setting, SourcedValue value, Function<String, T> parser) {
        try {
            return parser.apply(value.text());
        } catch (RejectedValue e) {
            throw invalid(setting, value, e.getMessage());
        }
    }

    /**
     * The error for one value: {@code invalid setting <name> = "<value>" (from <origin>):
     * <reason>}. A {@code redis.url} value is shown with its password masked, or not at all.
     */
    static InvalidSettingException invalid(Setting setting, SourcedValue value, String reason) {
        Optional<String> shown = setting == Setting.REDIS_URL
                ? RedisUrlParser.echo(value.text())
                : Optional.of(value.text());
        return new InvalidSettingException("invalid setting " + setting.key()
                + shown.map(text -> " = " + Syntax.quote(text)).orElse("")
                + " (from " + value.origin() + "): " + reason
                + (shown.isPresent() ? ""
                        : " (the value is not shown: it may contain a password)"));
    }
}
