package dev.portablesession.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portablesession.RedisSessionFilter;
import dev.portablesession.internal.session.SessionIds;
import dev.portablesession.testing.RedisExtension;
import dev.portablesession.testing.RedisServer;
import dev.portablesession.testing.RespClient;
import jakarta.servlet.SessionTrackingMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Generated hostile input (seeded, so a failure can be replayed): session cookies, URL path
 * parameters and headers of every wrong shape, sent as raw bytes to a real Jetty with the filter.
 * No request may get a 5xx, and an id of the wrong shape must not cost a single Redis command.
 */
@ExtendWith(RedisExtension.class)
class HostileInputFuzzIT {

    private static final long SEED = 20261202L;
    /** Cases whose every presented id has the wrong shape: each must leave Redis untouched. */
    private static final int WRONG_SHAPE_CASES = 6_000;
    /** Cases mixing well-formed ids, creations and garbage: none may fail on the server. */
    private static final int MIXED_CASES = 4_000;
    /** Commands that are not the session store's: the test's own INFO, and Redisson's connection upkeep. */
    private static final Set<String> UPKEEP = Set.of("INFO", "PING", "HELLO", "AUTH", "SELECT", "CLIENT|SETNAME",
            "CLIENT|SETINFO", "CLIENT|ID", "CLIENT|LIST", "COMMAND", "READONLY", "SCRIPT|LOAD", "SCRIPT|EXISTS");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String HOSTILE = "\"';,= \t%\\/<>{}[]()@:?#&+*!$^|~`\u00e9\u00ff\u0080\u00a0";

    private final Random random = new Random(SEED);

    @Test
    void hostileCookiesPathParametersAndHeadersNeverGetA5xxNorCostARedisCallForAWrongShape(RedisServer redis)
            throws Exception {
        RespClient client = redis.client();
        try (JettyNode cookies = JettyNode.start("cookies", RedisSessionFilter.builder().redisUrl(redis.uri())
                        .namespace("it-fuzz").build());
                JettyNode urls = JettyNode.start("urls", RedisSessionFilter.builder().redisUrl(redis.uri())
                        .namespace("it-fuzz").trackingModes(SessionTrackingMode.COOKIE, SessionTrackingMode.URL).build())) {
            List<URI> nodes = List.of(cookies.root(), urls.root());
            // Both nodes connect and load their scripts before counting starts.
            for (URI node : nodes) {
                send(node, request("/s?op=get&name=x", List.of("Cookie: SESSION=" + SessionIds.generate())));
            }

            Map<String, Long> before = sessionCommands(client);
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> serverErrors = new ArrayList<>();
            for (int i = 0; i < WRONG_SHAPE_CASES; i++) {
                URI node = nodes.get(i % 2);
                byte[] request = wrongShapeCase(i);
                int status = send(node, request);
                statuses.merge(status, 1, Integer::sum);
                if (status >= 500) {
                    serverErrors.add("case " + i + ": " + status + " for " + printable(request));
                }
            }
            Map<String, Long> after = sessionCommands(client);
            System.out.println("wrong-shape cases: " + WRONG_SHAPE_CASES + ", statuses " + statuses
                    + ", session commands before " + before + ", after " + after);
            assertEquals(List.of(), serverErrors.subList(0, Math.min(10, serverErrors.size())), "no 5xx");
            assertEquals(before, after, "an id of the wrong shape costs no Redis command");

            statuses.clear();
            for (int i = 0; i < MIXED_CASES; i++) {
                URI node = nodes.get(i % 2);
                byte[] request = mixedCase(i);
                int status = send(node, request);
                statuses.merge(status, 1, Integer::sum);
                if (status >= 500) {
                    serverErrors.add("mixed case " + i + ": " + status + " for " + printable(request));
                }
            }
            System.out.println("mixed cases: " + MIXED_CASES + ", statuses " + statuses);
            assertEquals(List.of(), serverErrors.subList(0, Math.min(10, serverErrors.size())), "no 5xx");
            assertTrue(statuses.getOrDefault(200, 0) > MIXED_CASES / 2, "most mixed cases are served: " + statuses);
        }
    }

    /** A request that reads the session (getSession(false)) and presents only ids of the wrong shape. */
    private byte[] wrongShapeCase(int i) {
        String op = random.nextBoolean() ? "get&name=x" : "info";
        List<String> headers = new ArrayList<>();
        String path = "/s";
        switch (i % 6) {
            case 0 -> headers.add("Cookie: SESSION=" + wrongShapeId());
            case 1 -> headers.add("Cookie: a=1; SESSION=" + wrongShapeId() + "; b=" + garbage(10));
            case 2 -> headers.add("Cookie: SESSION=\"" + wrongShapeId() + "\"");
            case 3 -> path = "/s;SESSION=" + pathSafe(wrongShapeId());
            case 4 -> {
                headers.add("Cookie: SESSION=" + wrongShapeId());
                headers.add("Cookie: SESSION=" + wrongShapeId());
            }
            default -> headers.add("Cookie: " + garbage(1 + random.nextInt(200)));
        }
        addNoise(headers);
        return request(path + "?op=" + op, headers);
    }

    /** Anything: well-formed ids that name no session, creations, changes, and the garbage above. */
    private byte[] mixedCase(int i) {
        List<String> headers = new ArrayList<>();
        String id = random.nextInt(3) == 0 ? wrongShapeId() : SessionIds.generate();
        String[] ops = {"get&name=x", "info", "set&name=x&value=" + pathSafe(garbage(8)), "create", "changeId",
            "invalidate", "encode", "requested", "none"};
        String op = ops[random.nextInt(ops.length)];
        String path = "/s";
        switch (random.nextInt(4)) {
            case 0 -> headers.add("Cookie: SESSION=" + id);
            case 1 -> path = "/s;SESSION=" + pathSafe(id);
            case 2 -> headers.add("Cookie: SESSION=" + id + "; SESSION=" + SessionIds.generate());
            default -> headers.add("Cookie: " + garbage(random.nextInt(100)));
        }
        addNoise(headers);
        return request(path + "?op=" + op, headers);
    }

    private String wrongShapeId() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> fromAlphabet(SessionIds.LENGTH - 1 - random.nextInt(5));
            case 2 -> fromAlphabet(SessionIds.LENGTH + 1 + random.nextInt(50));
            case 3 -> {
                // Right length, one character outside the alphabet.
                StringBuilder id = new StringBuilder(fromAlphabet(SessionIds.LENGTH));
                id.setCharAt(random.nextInt(SessionIds.LENGTH), HOSTILE.charAt(random.nextInt(HOSTILE.length())));
                yield id.toString();
            }
            case 4 -> fromAlphabet(4_000 + random.nextInt(3_000));
            default -> garbage(random.nextInt(80));
        };
    }

    private void addNoise(List<String> headers) {
        Supplier<String> value = () -> garbage(random.nextInt(60)).replace("\r", "").replace("\n", "");
        int extra = random.nextInt(3);
        for (int i = 0; i < extra; i++) {
            switch (random.nextInt(4)) {
                case 0 -> headers.add("X-Fuzz-" + i + ": " + value.get());
                case 1 -> headers.add("Accept-Language: " + value.get());
                case 2 -> headers.add("Forwarded: for=" + value.get());
                default -> headers.add("Referer: http://x/;SESSION=" + value.get());
            }
        }
    }

    private String fromAlphabet(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    /** Latin-1 text mixing the id alphabet with hostile characters; no CR or LF, so it stays one header. */
    private String garbage(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            String from = random.nextInt(3) == 0 ? HOSTILE : ALPHABET;
            text.append(from.charAt(random.nextInt(from.length())));
        }
        return text.toString();
    }

    /** What may stand in a request target: spaces, quotes and the like percent-encoded, or left in raw. */
    private String pathSafe(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = c > 0x20 && c < 0x7f && "\"#%<>\\^`{|}? ".indexOf(c) < 0;
            out.append(plain ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }

    private static byte[] request(String target, List<String> headers) {
        StringBuilder text = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach(header -> text.append(header).append("\r\n"));
        text.append("Connection: close\r\n\r\n");
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sends raw bytes and returns the status code of the answer. */
    private static int send(URI node, byte[] request) throws IOException {
        try (Socket socket = new Socket(node.getHost(), node.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.write(b);
            }
            String status = line.toString(StandardCharsets.ISO_8859_1);
            if (!status.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP answer: " + status);
            }
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    /** Calls per command that the session store made, leaving out connection upkeep. */
    private static Map<String, Long> sessionCommands(RespClient client) {
        Map<String, Long> calls = new TreeMap<>(client.commandStats());
        calls.keySet().removeIf(name -> UPKEEP.contains(name) || name.startsWith("CLIENT|"));
        return calls;
    }

    private static String printable(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1).replace("\r\n", " | ");
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
