package dev.portablesession.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Redis executables on {@code PATH}. Sentinel sets and clusters need them: the embedded
 * binary of {@code embedded-redis} could run in those modes, but it comes without
 * {@code redis-cli}, and a cluster is created with {@code redis-cli --cluster create}.
 */
final class RedisTools {

    static final String HOW_TO_INSTALL = "install Redis so that redis-server and redis-cli are on PATH "
            + "(Debian/Ubuntu: apt-get install redis-server, which brings redis-cli; macOS: brew install redis); "
            + "REDIS_URL, the embedded Redis and Testcontainers give the tests a single server only, "
            + "not a Sentinel set or a cluster";

    private RedisTools() {
    }

    /** {@code name} (or {@code name.exe}) in the first directory of {@code path} that has it. */
    static Optional<Path> onPath(String name, String path) {
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            for (String candidateName : List.of(name, name + ".exe")) {
                Path candidate = Path.of(directory, candidateName);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code name} on the {@code PATH} of {@code env}.
     *
     * @param topology what needs it, for the message: {@code "a Redis Sentinel set"}
     * @throws IllegalStateException saying how to install it, when it is not there
     */
    static Path require(String name, String topology, Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        return onPath(name, path).orElseThrow(() -> new IllegalStateException(
                "The tests of " + topology + " need " + name + ", which is not on PATH=" + path + ": "
                        + HOW_TO_INSTALL));
    }
}
