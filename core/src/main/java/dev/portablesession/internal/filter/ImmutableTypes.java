package dev.portablesession.internal.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Recognises values that cannot change after {@code setAttribute}, so saving them needs no second
 * encoding to look for in-place changes.
 */
final class ImmutableTypes {

    /** Exact classes only: a subclass of BigDecimal, say, may add mutable state. */
    private static final Set<Class<?>> VALUE_CLASSES = Set.of(String.class, Boolean.class, Character.class,
            Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class,
            BigDecimal.class, UUID.class, URI.class, Locale.class);

    private ImmutableTypes() {
    }

    static boolean isImmutable(Object value) {
        Class<?> type = value.getClass();
        return VALUE_CLASSES.contains(type) || value instanceof Enum<?>
                || (type.getPackageName().equals("java.time") && type.getName().indexOf('$') < 0);
    }
}
