package dev.portablesession.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void userInfoIsMasked() {
        assertEquals("redis://***@cache:6379", Redaction.redact("redis://:secret@cache:6379"));
        assertEquals("rediss://***@cache:6380/1", Redaction.redact("rediss://app:secret@cache:6380/1"));
    }

    @Test
    void aPasswordWithUnencodedSeparatorsIsMaskedWhole() {
        assertEquals("redis://***@cache:6379", Redaction.redact("redis://:p@ss/w0rd@cache:6379"));
    }

    @Test
    void aUrlWithoutUserInfoIsUnchanged() {
        assertEquals("redis://cache:6379/0", Redaction.redact("redis://cache:6379/0"));
        assertEquals("not a url", Redaction.redact("not a url"));
    }
}
