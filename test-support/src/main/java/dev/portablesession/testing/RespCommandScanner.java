package dev.portablesession.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Recognises the commands in the byte stream a client sends to Redis, however the stream is cut
 * into chunks: arrays of bulk strings (what every client library sends) and inline commands
 * ({@code PING\r\n}, what telnet sends). One scanner per connection, used by one thread.
 */
final class RespCommandScanner {

    /** Longest command name kept; longer ones are still counted, truncated. */
    private static final int MAX_NAME_LENGTH = 64;

    private enum State { COMMAND_START, ARRAY_HEADER, BULK_HEADER, BULK_BODY, INLINE }

    private final Consumer<String> onCommand;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream name = new ByteArrayOutputStream();

    private State state = State.COMMAND_START;
    private long elementsLeft;
    private long bodyLeft;
    private boolean readingName;

    /** @param onCommand receives the upper-case name of each complete command, in order */
    RespCommandScanner(Consumer<String> onCommand) {
        this.onCommand = onCommand;
    }

    /**
     * Scans the next bytes of the stream, reporting each command whose last byte is among them.
     *
     * @throws IllegalArgumentException if the bytes are not a RESP command stream; the scanner
     *     is then unusable
     */
    void scan(byte[] buffer, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            switch (state) {
                case COMMAND_START -> {
                    state = buffer[i] == '*' ? State.ARRAY_HEADER : State.INLINE;
                    if (state == State.ARRAY_HEADER) {
                        i++;
                    }
                }
                case ARRAY_HEADER -> {
                    i = readLine(buffer, i, end);
                    if (i < 0) {
                        return;
                    }
                    startArray(parseNumber(lineText(), "array length"));
                }
                case BULK_HEADER -> {
                    i = readLine(buffer, i, end);
                    if (i < 0) {
                        return;
                    }
                    String header = lineText();
                    if (!header.startsWith("$")) {
                        throw new IllegalArgumentException("expected a bulk string ($), got: " + abbreviate(header));
                    }
                    long bulkLength = parseNumber(header.substring(1), "bulk length");
                    if (bulkLength < 0) {
                        throw new IllegalArgumentException("a command argument cannot be a null bulk string");
                    }
                    bodyLeft = bulkLength + 2;
                    state = State.BULK_BODY;
                }
                case BULK_BODY -> {
                    int take = (int) Math.min(bodyLeft, end - i);
                    if (readingName) {
                        // The name is the body minus the trailing CRLF, which may straddle chunks.
                        int nameBytes = (int) Math.max(0, Math.min(take, bodyLeft - 2));
                        name.write(buffer, i, Math.min(nameBytes, MAX_NAME_LENGTH - name.size()));
                    }
                    bodyLeft -= take;
                    i += take;
                    if (bodyLeft == 0) {
                        endElement();
                    }
                }
                case INLINE -> {
                    i = readLine(buffer, i, end);
                    if (i < 0) {
                        return;
                    }
                    String[] words = lineText().strip().split("\\s+", 2);
                    if (!words[0].isEmpty()) {
                        emit(words[0]);
                    }
                    state = State.COMMAND_START;
                }
            }
        }
    }

    /**
     * Appends bytes up to and including the next {@code \n} to {@link #line}.
     *
     * @return the index after the {@code \n}, or -1 if the chunk ended first
     */
    private int readLine(byte[] buffer, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buffer[i] == '\n') {
                line.write(buffer, from, i - from);
                return i + 1;
            }
        }
        line.write(buffer, from, end - from);
        return -1;
    }

    private void startArray(long length) {
        if (length <= 0) {
            // Redis ignores empty and null arrays.
            state = State.COMMAND_START;
            return;
        }
        elementsLeft = length;
        readingName = true;
        name.reset();
        state = State.BULK_HEADER;
    }

    private void endElement() {
        elementsLeft--;
        readingName = false;
        if (elementsLeft == 0) {
            emit(name.toString(StandardCharsets.UTF_8));
            state = State.COMMAND_START;
        } else {
            state = State.BULK_HEADER;
        }
    }

    private void emit(String command) {
        onCommand.accept(command.toUpperCase(Locale.ROOT));
    }

    /** The line collected so far, without its CRLF, and clears it. */
    private String lineText() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static long parseNumber(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + ": " + abbreviate(text));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
