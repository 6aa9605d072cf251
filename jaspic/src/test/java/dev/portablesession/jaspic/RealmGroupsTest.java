package dev.portablesession.jaspic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.Principal;
import java.util.List;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;

class RealmGroupsTest {

    /** Shaped like Tomcat's GenericPrincipal: a principal with a public getRoles(). */
    public static final class RealmPrincipal implements Principal {
        private final String[] roles;

        RealmPrincipal(String... roles) {
            this.roles = roles;
        }

        @Override
        public String getName() {
            return "alice";
        }

        public String[] getRoles() {
            return roles.clone();
        }
    }

    @Test
    void theRolesOfARealmPrincipalInThePrivateCredentialsAreTheGroups() {
        Subject subject = new Subject();
        subject.getPrivateCredentials().add(new RealmPrincipal("staff", "buyer"));
        subject.getPrivateCredentials().add("a password-like credential without roles");
        assertEquals(List.of("staff", "buyer"), RealmGroups.of(subject));
    }

    @Test
    void aSubjectWithoutRolesGivesNoGroups() {
        Subject subject = new Subject();
        subject.getPrincipals().add(() -> "alice");
        assertEquals(List.of(), RealmGroups.of(subject));
    }
}
