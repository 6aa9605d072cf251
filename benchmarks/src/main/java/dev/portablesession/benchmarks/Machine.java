package dev.portablesession.benchmarks;

import dev.portablesession.testing.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Jetty;
import org.redisson.Redisson;
import org.springframework.core.SpringVersion;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.session.web.http.SessionRepositoryFilter;

/** The machine and the software versions a run used, as the report states them. */
final class Machine {

    private Machine() {
    }

    /** CPU model, CPU count, memory and OS, read from {@code /proc} where it exists. */
    static Map<String, String> describe() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("CPU", cpuModel().orElse(System.getProperty("os.arch")));
        machine.put("CPUs (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        memory().ifPresent(memory -> machine.put("memory", memory));
        machine.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return machine;
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    static String loadAverage() {
        return read("/proc/loadavg").map(s -> String.join(" ", List.of(s.trim().split("\\s+")).subList(0, 3)))
                .orElse("unknown");
    }

    /**
     * Versions of everything measured; {@code redis} answers for its own, and the library's is
     * its git commit when {@code repository} is a checkout.
     */
    static Map<String, String> versions(RespClient redis, Path repository) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("JDK", System.getProperty("java.vm.name") + " " + Runtime.version());
        versions.put("Jetty", Jetty.VERSION);
        versions.put("Portable Session", revision(repository).orElse(
                implementationVersion(dev.portablesession.RedisSessionFilter.class, "development build")));
        versions.put("Redisson", implementationVersion(Redisson.class, "unknown"));
        versions.put("Jackson", tools.jackson.databind.cfg.PackageVersion.VERSION.toString());
        versions.put("Spring Session", implementationVersion(SessionRepositoryFilter.class, "unknown"));
        versions.put("Spring Data Redis", implementationVersion(RedisTemplate.class, "unknown"));
        versions.put("Spring Framework", String.valueOf(SpringVersion.getVersion()));
        versions.put("Lettuce", implementationVersion(io.lettuce.core.RedisClient.class, "unknown").split("/")[0]);
        versions.put("Redis", infoField(redis.info("server"), "redis_version"));
        return versions;
    }

    /** The process id Redis reports for itself, to pin it. */
    static long redisPid(RespClient redis) {
        return Long.parseLong(infoField(redis.info("server"), "process_id"));
    }

    /** {@code git abc1234}, with a note when {@code core/} has uncommitted changes. */
    private static Optional<String> revision(Path repository) {
        if (repository == null) {
            return Optional.empty();
        }
        Optional<String> commit = git(repository, "rev-parse", "--short", "HEAD").map(String::trim);
        Optional<String> changes = git(repository, "status", "--porcelain", "--", "core");
        return commit.map(c -> "git " + c + (changes.map(String::isBlank).orElse(true) ? ""
                : " with uncommitted changes in core/"));
    }

    private static Optional<String> git(Path repository, String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(arguments));
        try {
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String implementationVersion(Class<?> type, String otherwise) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? otherwise : version;
    }

    private static String infoField(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "unknown";
    }

    private static Optional<String> cpuModel() {
        return read("/proc/cpuinfo").flatMap(info -> info.lines()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst());
    }

    private static Optional<String> memory() {
        return read("/proc/meminfo").flatMap(info -> info.lines()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
                })
                .findFirst());
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
