package dev.portablesession.jaspic;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** After the login, the client goes back only to a path inside the application. */
class ReturnUrlTest {

    @Test
    void aPathInsideTheApplicationIsReturnedTo() {
        assertTrue(SharedFormAuthModule.isReturnUrl("/app/secure/page?item=42", "/app"));
        assertTrue(SharedFormAuthModule.isReturnUrl("/secure/page", ""));
        assertTrue(SharedFormAuthModule.isReturnUrl("/", ""));
    }

    @Test
    void anotherApplicationOrHostIsNot() {
        assertFalse(SharedFormAuthModule.isReturnUrl("/other/page", "/app"));
        assertFalse(SharedFormAuthModule.isReturnUrl("/application/page", "/app"));
        assertFalse(SharedFormAuthModule.isReturnUrl("//evil.example/secure", ""));
        assertFalse(SharedFormAuthModule.isReturnUrl("/\\evil.example/secure", ""));
        assertFalse(SharedFormAuthModule.isReturnUrl("https://evil.example/", ""));
        assertFalse(SharedFormAuthModule.isReturnUrl("/app/x\r\nSet-Cookie: a=b", "/app"));
    }
}
