package dev.portablesession.benchmarks.app;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The ~1 KB attribute of the read scenario: what an application keeps about the signed-in user. */
public record UserProfile(String id, String displayName, String email, String locale, Instant signedInAt,
        List<String> roles, Map<String, String> preferences) implements Serializable {
}
