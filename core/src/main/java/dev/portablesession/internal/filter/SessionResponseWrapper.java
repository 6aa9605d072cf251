package dev.portablesession.internal.filter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Saves the session just before the response commits: on redirect, error, flush, close, when the
 * declared content length is reached, and when the output outgrows the buffer (the container
 * then commits by itself).
 */
final class SessionResponseWrapper extends HttpServletResponseWrapper {

    /** A char may take up to three bytes in UTF-8; counting that way commits early, never late. */
    private static final int MAX_BYTES_PER_CHAR = 3;

    private final RequestSessionState state;
    private long contentLength = -1;
    private long written;
    private ServletOutputStream outputStream;
    private PrintWriter writer;

    SessionResponseWrapper(HttpServletResponse response, RequestSessionState state) {
        super(response);
        this.state = state;
    }

    /** Called before bytes go out; saves when they may commit the response. */
    void beforeWrite(long bytes) {
        written += bytes;
        if ((contentLength >= 0 && written >= contentLength) || written >= getBufferSize()) {
            state.saveBeforeCommit();
        }
    }

    void beforeCommit() {
        state.saveBeforeCommit();
    }

    /** With URL tracking, adds the session id; otherwise the container's answer, as without the filter. */
    @Override
    public String encodeURL(String url) {
        return state.urlTracking() ? state.encodeUrl(url) : super.encodeURL(url);
    }

    @Override
    public String encodeRedirectURL(String url) {
        return state.urlTracking() ? state.encodeUrl(url) : super.encodeRedirectURL(url);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCommit();
        super.sendRedirect(location);
    }

    @Override
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        beforeCommit();
        super.sendRedirect(location, clearBuffer);
    }

    @Override
    public void sendRedirect(String location, int sc) throws IOException {
        beforeCommit();
        super.sendRedirect(location, sc);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        beforeCommit();
        super.sendRedirect(location, sc, clearBuffer);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        beforeCommit();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        beforeCommit();
        super.sendError(sc);
    }

    @Override
    public void flushBuffer() throws IOException {
        beforeCommit();
        super.flushBuffer();
    }

    @Override
    public void reset() {
        super.reset();
        written = 0;
        contentLength = -1;
        state.responseReset();
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        written = 0;
    }

    @Override
    public void setContentLength(int len) {
        super.setContentLength(len);
        contentLength = len;
    }

    @Override
    public void setContentLengthLong(long len) {
        super.setContentLengthLong(len);
        contentLength = len;
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, value);
        trackContentLength(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, value);
        trackContentLength(name, value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        super.setIntHeader(name, value);
        trackContentLength(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        super.addIntHeader(name, value);
        trackContentLength(name, Integer.toString(value));
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (outputStream == null) {
            outputStream = new SaveBeforeCommitOutputStream(super.getOutputStream(), this);
        }
        return outputStream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new PrintWriter(new SaveBeforeCommitWriter(super.getWriter(), this, MAX_BYTES_PER_CHAR));
        }
        return writer;
    }

    private void trackContentLength(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            try {
                contentLength = value == null ? -1 : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                contentLength = -1;
            }
        }
    }
}
