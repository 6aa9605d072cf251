package dev.portablesession.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny synchronous RESP2 client over one plain socket, so tests can look into Redis without
 * going through the library under test (and its Redisson client).
 *
 * <p>Replies are returned as Java values: simple string → {@link String}, integer → {@link Long},
 * bulk string → {@code byte[]}, array → {@link List}, null bulk or null array → {@code null}. An
 * error reply to a single command is thrown as {@link ErrorReply}; inside an array or a pipeline
 * it is returned as an {@link ErrorReply} element instead.
 *
 * <p>The connection is opened on the first command, authenticated ({@code AUTH}) and switched to
 * the database ({@code SELECT}) if those were given. If it breaks, the command fails with an
 * {@link UncheckedIOException} and the next command opens a new connection, so one client
 * survives a Redis restart. Methods are synchronized: one client can be shared by threads.
 */
public final class RespClient implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final int database;

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** A client for a server that needs no password, on database 0. */
    public RespClient(String host, int port) {
        this(host, port, null, null, 0);
    }

    /**
     * A client that authenticates and selects a database on connecting.
     *
     * @param username ACL user name, or {@code null} for the default user
     * @param password password, or {@code null} to skip {@code AUTH}
     * @param database database index; 0 skips {@code SELECT}
     */
    public RespClient(String host, int port, String username, String password, int database) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.database = database;
    }

    /** A client with the host, port, credentials and database of {@code server}. */
    public static RespClient connectTo(RedisServer server) {
        return new RespClient(server.host(), server.port(), server.username(), server.password(),
                server.database());
    }

    /**
     * Sends one command and returns its reply.
     *
     * @throws ErrorReply if Redis answers with an error
     * @throws UncheckedIOException if the server cannot be reached or the connection breaks
     */
    public synchronized Object command(String... args) {
        return command(encode(args));
    }

    /** Like {@link #command(String...)}, with binary arguments (for values that are not text). */
    public synchronized Object command(byte[]... args) {
        return throwIfError(pipelineBytes(Collections.singletonList(args)).get(0));
    }

    /**
     * Sends all commands in one write, then reads all replies: a pipeline. Error replies are
     * returned as {@link ErrorReply} elements, not thrown.
     */
    public synchronized List<Object> pipeline(List<List<String>> commands) {
        List<byte[][]> encoded = new ArrayList<>();
        for (List<String> command : commands) {
            encoded.add(encode(command.toArray(String[]::new)));
        }
        return pipelineBytes(encoded);
    }

    /** All fields of a hash ({@code HGETALL}); empty when the key does not exist. */
    public Map<String, byte[]> hgetall(String key) {
        List<?> reply = (List<?>) command("HGETALL", key);
        Map<String, byte[]> fields = new LinkedHashMap<>();
        for (int i = 0; i < reply.size(); i += 2) {
            fields.put(text(reply.get(i)), (byte[]) reply.get(i + 1));
        }
        return fields;
    }

    /**
     * Remaining time to live in milliseconds ({@code PTTL}): -1 if the key has no expiry, -2 if
     * it does not exist.
     */
    public long ttlMillis(String key) {
        return (Long) command("PTTL", key);
    }

    /** Whether the key exists. */
    public boolean exists(String key) {
        return (Long) command("EXISTS", key) == 1L;
    }

    /** Keys matching a glob pattern ({@code KEYS}), sorted so tests can compare lists. */
    public List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        for (Object key : (List<?>) command("KEYS", pattern)) {
            keys.add(text(key));
        }
        Collections.sort(keys);
        return keys;
    }

    /** The text of {@code INFO section}, e.g. {@code "server"} or {@code "stats"}. */
    public String info(String section) {
        return text(command("INFO", section));
    }

    /**
     * Calls per command since the server started (or since {@code CONFIG RESETSTAT}), from
     * {@code INFO commandstats}. Names are upper case like the proxy's: {@code "SET"}, and
     * {@code "CLIENT|SETNAME"} for subcommands on Redis 7.
     */
    public Map<String, Long> commandStats() {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info("commandstats").split("\r\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = line.substring("cmdstat_".length(), colon).toUpperCase(Locale.ROOT);
            for (String field : line.substring(colon + 1).split(",")) {
                if (field.startsWith("calls=")) {
                    calls.put(name, Long.parseLong(field.substring("calls=".length())));
                }
            }
        }
        return calls;
    }

    /** Deletes every key in every database ({@code FLUSHALL}). */
    public void flushAll() {
        command("FLUSHALL");
    }

    /** A reply as text: bulk strings are decoded as UTF-8; {@code null} stays {@code null}. */
    public static String text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return reply == null ? null : reply.toString();
    }

    /** Drops the connection; a later command opens a new one. */
    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing a socket we are abandoning: nothing useful to do with the error.
            }
            socket = null;
        }
    }

    private List<Object> pipelineBytes(List<byte[][]> commands) {
        try {
            connectIfNeeded();
            return exchange(commands);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Redis at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private void connectIfNeeded() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
        List<byte[][]> setup = new ArrayList<>();
        if (password != null) {
            setup.add(username == null ? encode("AUTH", password) : encode("AUTH", username, password));
        }
        if (database != 0) {
            setup.add(encode("SELECT", Integer.toString(database)));
        }
        try {
            exchange(setup).forEach(RespClient::throwIfError);
        } catch (IOException | RuntimeException e) {
            // An unauthenticated connection must not be reused by the next command.
            close();
            throw e;
        }
    }

    private List<Object> exchange(List<byte[][]> commands) throws IOException {
        for (byte[][] args : commands) {
            writeCommand(args);
        }
        out.flush();
        List<Object> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(readReply());
        }
        return replies;
    }

    private void writeCommand(byte[][] args) throws IOException {
        out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            out.write(('$' + Integer.toString(arg.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(arg);
            out.write('\r');
            out.write('\n');
        }
    }

    private Object readReply() throws IOException {
        int type = in.read();
        if (type == -1) {
            throw new EOFException("connection closed by the server");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$':
                int length = Integer.parseInt(line);
                return length < 0 ? null : readBulk(length);
            case '*':
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> elements = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    elements.add(readReply());
                }
                return elements;
            default:
                throw new IOException("not a RESP2 reply: type byte '" + (char) type + "', line " + line);
        }
    }

    private byte[] readBulk(int length) throws IOException {
        byte[] value = in.readNBytes(length);
        if (value.length != length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("connection closed inside a bulk string of " + length + " bytes");
        }
        return value;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b == -1) {
                throw new EOFException("connection closed inside a reply line");
            }
            line.write(b);
        }
        if (in.read() != '\n') {
            throw new IOException("reply line not terminated by CRLF");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static byte[][] encode(String... args) {
        byte[][] encoded = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            encoded[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return encoded;
    }

    private static Object throwIfError(Object reply) {
        if (reply instanceof ErrorReply error) {
            throw error;
        }
        return reply;
    }

    /** An error reply from Redis, e.g. {@code NOAUTH Authentication required.} */
    public static final class ErrorReply extends RuntimeException {

        private ErrorReply(String message) {
            super(message);
        }
    }
}
