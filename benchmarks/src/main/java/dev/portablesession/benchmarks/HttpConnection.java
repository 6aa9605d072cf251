package dev.portablesession.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection to the server under test, as lean as a load generator's
 * should be: it sends prepared request bytes and reads the status, {@code Set-Cookie} and body of
 * the response. It reconnects after the server closes the connection or an I/O error.
 *
 * <p>Not thread-safe: each client thread of the load generator has its own.
 */
final class HttpConnection implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final InetSocketAddress address;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(int port) {
        this.address = new InetSocketAddress("127.0.0.1", port);
    }

    /** {@code GET path} with an optional {@code Cookie} header, ready to send. */
    static byte[] get(String path, String cookie) {
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends the request and reads the response; only the status is kept. */
    int send(byte[] request) throws IOException {
        return exchange(request, null);
    }

    /** Sends the request and reads the whole response. */
    Response fetch(byte[] request) throws IOException {
        Response response = new Response();
        response.status = exchange(request, response);
        return response;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Abandoning the connection anyway.
            }
            socket = null;
        }
    }

    private int exchange(byte[] request, Response response) throws IOException {
        try {
            if (socket == null) {
                connect();
            }
            out.write(request);
            out.flush();
            return readResponse(response);
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, CONNECT_TIMEOUT_MILLIS);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        position = 0;
        limit = 0;
    }

    private int readResponse(Response response) throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                closeAfter = value.equalsIgnoreCase("close");
            } else if (response != null && name.equalsIgnoreCase("Set-Cookie")) {
                int end = value.indexOf(';');
                response.setCookie = end < 0 ? value : value.substring(0, end);
            }
        }
        StringBuilder body = response == null ? null : new StringBuilder();
        if (chunked) {
            for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
                readBody(size, body);
                readLine();
            }
            while (!readLine().isEmpty()) {
                // Trailers: none expected, skipped.
            }
        } else if (contentLength > 0) {
            readBody(contentLength, body);
        } else if (contentLength < 0) {
            throw new IOException("response without Content-Length or chunked encoding");
        }
        if (response != null) {
            response.body = body.toString();
        }
        if (closeAfter) {
            close();
        }
        return status;
    }

    private void readBody(long length, StringBuilder body) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            fill();
            int n = (int) Math.min(remaining, limit - position);
            if (body != null) {
                body.append(new String(buffer, position, n, StandardCharsets.UTF_8));
            }
            position += n;
            remaining -= n;
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            fill();
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
                    position = i + 1;
                    if (line == null) {
                        return part;
                    }
                    line.append(part);
                    int length = line.length();
                    return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
                }
            }
            if (line == null) {
                line = new StringBuilder();
            }
            line.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
            position = limit;
        }
    }

    private void fill() throws IOException {
        if (position < limit) {
            return;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        position = 0;
        limit = n;
    }

    /** A response with its {@code Set-Cookie} ({@code name=value}, attributes dropped) and body. */
    static final class Response {
        int status;
        String setCookie;
        String body;
    }
}
