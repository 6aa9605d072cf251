package dev.portablesession.internal.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and formats durations: a whole number in the setting's unit, or with ms, s, m or h. */
final class Durations {

    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private static final Pattern DURATION =
            Pattern.compile("([+-]?\\d{1,18})\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /** A Redis timeout: bare numbers are milliseconds; more than 0 and at most 10 minutes. */
    static Duration timeout(String text) {
        Duration timeout = parse(text, ChronoUnit.MILLIS);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new RejectedValue("expected a duration more than 0 and at most 10m");
        }
        return timeout;
    }

    /** A positive duration up to 30 days; bare numbers are seconds. */
    static Duration positive(String text) {
        Duration duration = parse(text, ChronoUnit.SECONDS);
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(30)) > 0
                || duration.toMillis() == 0) {
            throw new RejectedValue("expected a duration of at least 1ms and at most 30 days (e.g. 1s, 15m, 1h)");
        }
        return duration;
    }

    /** A duration in whole seconds, bare numbers being seconds; may be zero or negative. */
    static int seconds(String text) {
        Duration duration = parse(text, ChronoUnit.SECONDS);
        if (duration.getNano() != 0) {
            throw new RejectedValue("expected a whole number of seconds");
        }
        long seconds = duration.getSeconds();
        if (seconds > Integer.MAX_VALUE || seconds < -Integer.MAX_VALUE) {
            throw new RejectedValue("expected at most " + Integer.MAX_VALUE + " seconds");
        }
        return (int) seconds;
    }

    /** The shortest exact form: {@code 1500ms}, {@code 30s}, {@code 30m}, {@code 2h}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    private static Duration parse(String text, ChronoUnit bareUnit) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new RejectedValue("expected a duration: a whole number of "
                    + (bareUnit == ChronoUnit.MILLIS ? "milliseconds" : "seconds")
                    + ", or a whole number with unit ms, s, m or h (e.g. 1500ms, 30s, 30m)");
        }
        long amount = Long.parseLong(matcher.group(1));
        ChronoUnit unit = matcher.group(2) == null ? bareUnit : unit(matcher.group(2));
        try {
            return Duration.of(amount, unit);
        } catch (ArithmeticException e) {
            throw new RejectedValue("duration too large");
        }
    }

    private static ChronoUnit unit(String suffix) {
        return switch (suffix.toLowerCase(Locale.ROOT)) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            default -> ChronoUnit.HOURS;
        };
    }
}
