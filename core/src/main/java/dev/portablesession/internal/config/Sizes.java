package dev.portablesession.internal.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and formats byte sizes: a bare number of bytes, or with KB, MB, KiB or MiB. */
final class Sizes {

    static final int MIN = 1024;
    static final int MAX = 512 * 1024 * 1024;

    private static final Pattern SIZE =
            Pattern.compile("(\\d{1,18})\\s*(KB|MB|KiB|MiB)?", Pattern.CASE_INSENSITIVE);

    private Sizes() {
    }

    /** Bytes from 1 KiB to 512 MiB; KB and MB mean 1024-based units, like KiB and MiB. */
    static int bytes(String text) {
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            throw new RejectedValue("expected a size: a number of bytes, or a number with unit "
                    + "KB, MB, KiB or MiB (1024-based; e.g. 512KB, 1MiB)");
        }
        long number = Long.parseLong(matcher.group(1));
        long factor = matcher.group(2) == null ? 1 : factor(matcher.group(2));
        if (number > MAX / factor || number * factor < MIN) {
            throw new RejectedValue("expected a size from 1KiB to 512MiB");
        }
        return (int) (number * factor);
    }

    /** The shortest exact form: {@code 1MiB}, {@code 64KiB}, or a number of bytes. */
    static String format(int bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + "KiB";
        }
        return Integer.toString(bytes);
    }

    private static long factor(String unit) {
        return unit.toLowerCase(Locale.ROOT).startsWith("k") ? 1024 : 1024 * 1024;
    }
}
