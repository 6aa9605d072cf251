package dev.portablesession.internal.codec.extension;

/** A value Jackson cannot write or read by itself (no getter, no creator): {@link IsbnModule} does it. */
public final class Isbn {

    private final String digits;

    private Isbn(String digits) {
        this.digits = digits;
    }

    public static Isbn parse(String text) {
        return new Isbn(text.replace("-", ""));
    }

    public String digits() {
        return digits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Isbn other && digits.equals(other.digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }
}
