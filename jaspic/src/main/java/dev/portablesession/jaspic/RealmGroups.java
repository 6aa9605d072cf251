package dev.portablesession.jaspic;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * The groups the container's realm gave a caller whose password it has just validated.
 * Jakarta Authentication leaves open how a {@code PasswordValidationCallback} records them in the
 * Subject; Tomcat's handler adds its {@code GenericPrincipal}, whose public {@code getRoles()}
 * lists them, to the private credentials. That is the form read here, by its public method,
 * without a compile-time dependency on Tomcat. A container that records them otherwise yields
 * none (see docs/container-login.md).
 */
final class RealmGroups {

    private RealmGroups() {
    }

    static List<String> of(Subject subject) {
        Set<String> groups = new LinkedHashSet<>();
        synchronized (subject.getPrivateCredentials()) {
            subject.getPrivateCredentials().forEach(credential -> addRoles(credential, groups));
        }
        subject.getPrincipals().forEach(principal -> addRoles(principal, groups));
        return new ArrayList<>(groups);
    }

    private static void addRoles(Object holder, Collection<String> groups) {
        Method getRoles;
        try {
            getRoles = holder.getClass().getMethod("getRoles");
        } catch (NoSuchMethodException e) {
            return;
        }
        if (getRoles.getReturnType() != String[].class) {
            return;
        }
        try {
            for (String role : (String[]) getRoles.invoke(holder)) {
                if (role != null) {
                    groups.add(role);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A getRoles() that cannot be called (a non-public class) holds nothing this module can read.
        }
    }
}
