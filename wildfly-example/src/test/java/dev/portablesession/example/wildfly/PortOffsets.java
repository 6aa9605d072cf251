package dev.portablesession.example.wildfly;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses port offsets ({@code jboss.socket.binding.port-offset}) for several WildFly servers on one machine, so that
 * every port each one opens is free on 127.0.0.1 and no two servers share one.
 */
final class PortOffsets {

    /** A listening socket binding and its port, given directly or as the default of a {@code ${property:port}}. */
    private static final Pattern SOCKET_BINDING =
            Pattern.compile("<socket-binding\\s[^>]*?port=\"(?:\\$\\{[^:}]+:)?(\\d+)}?\"");

    private PortOffsets() {
    }

    /** The ports a server with {@code configuration} (a {@code standalone.xml}) listens on, before any offset. */
    static Set<Integer> basePorts(Path configuration) throws IOException {
        Matcher matcher = SOCKET_BINDING.matcher(Files.readString(configuration, StandardCharsets.UTF_8));
        Set<Integer> ports = new TreeSet<>();
        while (matcher.find()) {
            ports.add(Integer.parseInt(matcher.group(1)));
        }
        if (ports.isEmpty()) {
            throw new IllegalStateException("no socket binding with a port in " + configuration);
        }
        return ports;
    }

    /**
     * {@code count} offsets from 100, 200, … 3000, taking the first whose ports are all free and distinct from
     * those already taken.
     *
     * @throws IllegalStateException when there are not enough, naming the ports that were busy
     */
    static List<Integer> free(Set<Integer> basePorts, int count) {
        List<Integer> offsets = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        Set<Integer> busy = new TreeSet<>();
        for (int offset = 100; offset <= 3000 && offsets.size() < count; offset += 100) {
            Set<Integer> ports = new HashSet<>();
            for (int port : basePorts) {
                ports.add(port + offset);
            }
            List<Integer> unavailable = ports.stream().filter(port -> taken.contains(port) || !isFree(port)).toList();
            if (unavailable.isEmpty()) {
                offsets.add(offset);
                taken.addAll(ports);
            } else {
                busy.addAll(unavailable);
            }
        }
        if (offsets.size() < count) {
            throw new IllegalStateException("found " + offsets.size() + " of " + count + " port offsets for WildFly with free"
                    + " ports on 127.0.0.1 (base ports " + basePorts + "); busy: " + busy);
        }
        return offsets;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
