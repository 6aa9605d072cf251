package dev.portablesession.internal.codec.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portablesession.AttributeEncodingException;
import dev.portablesession.internal.codec.AttributeDecodingException;
import dev.portablesession.internal.codec.Codecs;
import dev.portablesession.internal.codec.fixture.LoginFailed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.Test;

/**
 * The rule for exceptions in sessions with codec=jdk: the JDK's basic exception types are
 * allowed, so an allowed application or framework exception round-trips with its cause, stack
 * trace and suppressed exceptions; any other JDK exception is still refused, at both ends.
 */
class JdkExceptionsTest {

    private final JdkAttributeCodec codec = new JdkAttributeCodec(Codecs.ALLOWED, getClass().getClassLoader());

    @Test
    void anAllowedExceptionRoundTripsWithCauseStackTraceAndSuppressed() {
        LoginFailed failure = new LoginFailed("Bad credentials", new IllegalStateException("locked"));
        failure.addSuppressed(new IllegalArgumentException("second"));

        Object back = codec.decode("SPRING_SECURITY_LAST_EXCEPTION", codec.encode("SPRING_SECURITY_LAST_EXCEPTION", failure));

        LoginFailed read = assertInstanceOf(LoginFailed.class, back);
        assertEquals("Bad credentials", read.getMessage());
        assertEquals("locked", assertInstanceOf(IllegalStateException.class, read.getCause()).getMessage());
        assertEquals("second", read.getSuppressed()[0].getMessage());
        assertArrayEquals(failure.getStackTrace(), read.getStackTrace());
    }

    @Test
    void otherJdkExceptionsAreRefusedWhenStored() {
        AttributeEncodingException e = assertThrows(AttributeEncodingException.class,
                () -> codec.encode("e", new LoginFailed("x", new UncheckedIOException(new IOException("disk")))));
        assertEquals("attribute \"e\" (dev.portablesession.internal.codec.fixture.LoginFailed) cannot be encoded with "
                + "Java serialization: type java.io.UncheckedIOException is not in the allow-list; store a supported type "
                + "instead (see docs/codecs.md)", e.getMessage());
    }

    @Test
    void aKnownGadgetExceptionWrittenByOthersIsRefusedWhenRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new BadAttributeValueExpException("x"));
        }
        AttributeDecodingException e = assertThrows(AttributeDecodingException.class, () -> codec.decode("e", bytes.toByteArray()));
        assertEquals("attribute \"e\" cannot be decoded with Java serialization: type "
                + "javax.management.BadAttributeValueExpException is not in the allow-list", e.getMessage());
    }
}
