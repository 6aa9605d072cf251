package dev.portablesession.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RespCommandScannerTest {

    private static final byte[] STREAM = stream();
    private static final List<String> COMMANDS = List.of("SET", "GET", "PING", "EVALSHA", "HSET", "DEL");

    @Test
    void findsEveryCommandWhereverTheStreamIsCut() {
        for (int cut = 0; cut <= STREAM.length; cut++) {
            List<String> seen = new ArrayList<>();
            RespCommandScanner scanner = new RespCommandScanner(seen::add);
            scanner.scan(STREAM, 0, cut);
            scanner.scan(STREAM, cut, STREAM.length - cut);
            assertEquals(COMMANDS, seen, "cut at " + cut);
        }
    }

    @Test
    void findsEveryCommandOneByteAtATime() {
        List<String> seen = new ArrayList<>();
        RespCommandScanner scanner = new RespCommandScanner(seen::add);
        for (int i = 0; i < STREAM.length; i++) {
            scanner.scan(STREAM, i, 1);
        }
        assertEquals(COMMANDS, seen);
    }

    @Test
    void reportsACommandOnlyWhenItsLastByteArrives() {
        byte[] command = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n".getBytes(StandardCharsets.US_ASCII);
        List<String> seen = new ArrayList<>();
        RespCommandScanner scanner = new RespCommandScanner(seen::add);
        scanner.scan(command, 0, command.length - 1);
        assertEquals(List.of(), seen);
        scanner.scan(command, command.length - 1, 1);
        assertEquals(List.of("GET"), seen);
    }

    @Test
    void rejectsWhatIsNotACommandStream() {
        byte[] garbage = "*1\r\n+PING\r\n".getBytes(StandardCharsets.US_ASCII);
        RespCommandScanner scanner = new RespCommandScanner(name -> { });
        assertThrows(IllegalArgumentException.class, () -> scanner.scan(garbage, 0, garbage.length));
    }

    /** Commands as clients send them: arrays of bulk strings, inline, empty lines and arrays, big values. */
    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(array("set", "key", "x".repeat(300)));
        out.writeBytes(array("GET", "key"));
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("  ping  \r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("*0\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(array("EVALSHA", "abc\r\n*1\r\n$4\r\nPING", "0"));
        out.writeBytes(array("HSET", "h", "f", ""));
        out.writeBytes("DEL a b\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] array(String... args) {
        StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                    .append(arg).append("\r\n");
        }
        return command.toString().getBytes(StandardCharsets.UTF_8);
    }
}
