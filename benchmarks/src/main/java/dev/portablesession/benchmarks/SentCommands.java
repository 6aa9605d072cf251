package dev.portablesession.benchmarks;

import dev.portablesession.testing.CountingRedisProxy;
import dev.portablesession.testing.RespClient;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands clients send to Redis (round trips, as opposed to the commands Redis runs,
 * which {@code INFO commandstats} counts including those a Lua script calls), by watching
 * {@code MONITOR}: a line per command, marked {@code lua} when a script called it. MONITOR slows
 * Redis down, so it watches only a short counting pass, never a measured run.
 */
final class SentCommands implements AutoCloseable {

    /** Length of a MONITOR line kept for parsing: enough for the time stamp, source and command name. */
    private static final int PREFIX = 512;

    private final Socket socket;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final String marker = "benchmark-marker-" + UUID.randomUUID();
    private final CountDownLatch markerSeen = new CountDownLatch(1);
    private final Thread reader;

    private SentCommands(Socket socket) {
        this.socket = socket;
        this.reader = new Thread(this::read, "redis-monitor");
        reader.setDaemon(true);
    }

    /** Starts watching; returns once Redis has confirmed MONITOR. */
    static SentCommands start(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        SentCommands monitor = new SentCommands(socket);
        InputStream in = socket.getInputStream();
        String reply = readLine(in, PREFIX);
        if (!"+OK".equals(reply)) {
            socket.close();
            throw new IOException("MONITOR answered " + reply);
        }
        monitor.reader.start();
        return monitor;
    }

    /**
     * Stops watching once every command sent before this call has been seen, and returns the
     * commands seen, by upper-case name, without the connection-level ones.
     */
    Map<String, Long> stop(RespClient redis) throws IOException, InterruptedException {
        redis.command("ECHO", marker);
        boolean seen = markerSeen.await(60, TimeUnit.SECONDS);
        close();
        if (!seen) {
            throw new IOException("MONITOR did not show the marker command within 60 s");
        }
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((name, count) -> {
            if (!CountingRedisProxy.CONNECTION_COMMANDS.contains(name) && !name.equals("ECHO")) {
                result.put(name, count.sum());
            }
        });
        return result;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Done watching either way.
        }
    }

    private void read() {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 256 * 1024);
            for (String line = readLine(in, PREFIX); line != null; line = readLine(in, PREFIX)) {
                count(line);
            }
        } catch (IOException e) {
            // Closed by stop().
        }
    }

    /** {@code +1700000000.123456 [0 127.0.0.1:50000] "EVALSHA" "..."}; the source is {@code lua} inside scripts. */
    private void count(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf("] \"", open);
        if (open < 0 || close < 0) {
            return;
        }
        String source = line.substring(open + 1, close);
        int nameStart = close + 3;
        int nameEnd = line.indexOf('"', nameStart);
        if (nameEnd < 0) {
            return;
        }
        String name = line.substring(nameStart, nameEnd).toUpperCase(Locale.ROOT);
        if (name.equals("ECHO") && line.contains(marker)) {
            markerSeen.countDown();
            return;
        }
        if (!source.endsWith("lua")) {
            counts.computeIfAbsent(name, n -> new LongAdder()).increment();
        }
    }

    /** Reads a line, keeping at most {@code keep} characters of it; null at the end of the stream. */
    private static String readLine(InputStream in, int keep) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                return null;
            }
            if (b != '\r' && line.length() < keep) {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
