package dev.portablesession.jaspic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormLoginPagesTest {

    private static FormLoginPages read(String webXml) throws IOException {
        return FormLoginPages.fromWebXml(new ByteArrayInputStream(webXml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String loginConfig(String method) {
        return "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">"
                + "<login-config><auth-method>" + method + "</auth-method><realm-name>shop</realm-name>"
                + "<form-login-config><form-login-page> /login.html </form-login-page>"
                + "<form-error-page>/login-error.html</form-error-page></form-login-config></login-config></web-app>";
    }

    @Test
    void aFormLoginConfigGivesItsTwoPages() throws IOException {
        assertEquals(new FormLoginPages("/login.html", "/login-error.html"), read(loginConfig("FORM")));
    }

    @Test
    void anotherAuthMethodOrNoLoginConfigGivesNone() throws IOException {
        assertNull(read(loginConfig("BASIC")));
        assertNull(read("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\"/>"));
    }

    @Test
    void aDescriptorWithoutNamespaceIsReadToo() throws IOException {
        assertEquals(new FormLoginPages("/in", "/out"), read("<web-app><login-config><auth-method>FORM</auth-method>"
                + "<form-login-config><form-login-page>/in</form-login-page><form-error-page>/out</form-error-page>"
                + "</form-login-config></login-config></web-app>"));
    }

    @Test
    void aMissingOrRelativePageIsRefusedWithTheSettingToFix() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> read(
                "<web-app><login-config><auth-method>FORM</auth-method><form-login-config>"
                        + "<form-login-page>/in</form-login-page></form-login-config></login-config></web-app>"));
        assertTrue(missing.getMessage().contains("portablesession.login.error-page"), missing.getMessage());
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> new FormLoginPages("login.html", "/error.html"));
        assertTrue(relative.getMessage().contains("\"login.html\""), relative.getMessage());
    }

    @Test
    void externalEntitiesAreNotRead() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE web-app [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<web-app><login-config><auth-method>FORM</auth-method><form-login-config>"
                + "<form-login-page>/&x;</form-login-page><form-error-page>/e</form-error-page>"
                + "</form-login-config></login-config></web-app>";
        try {
            FormLoginPages pages = read(xxe);
            assertTrue(pages == null || !pages.loginPage().contains("root:"), String.valueOf(pages));
        } catch (IOException refused) {
            // Refusing the document is as good as not reading the entity.
        }
    }
}
