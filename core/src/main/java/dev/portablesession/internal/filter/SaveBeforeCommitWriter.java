package dev.portablesession.internal.filter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/** The response's writer, saving the session before a write or flush can commit. */
final class SaveBeforeCommitWriter extends Writer {

    private final PrintWriter delegate;
    private final SessionResponseWrapper response;
    private final int maxBytesPerChar;

    SaveBeforeCommitWriter(PrintWriter delegate, SessionResponseWrapper response, int maxBytesPerChar) {
        this.delegate = delegate;
        this.response = response;
        this.maxBytesPerChar = maxBytesPerChar;
    }

    @Override
    public void write(char[] buffer, int off, int len) {
        response.beforeWrite((long) len * maxBytesPerChar);
        delegate.write(buffer, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
        response.beforeWrite((long) len * maxBytesPerChar);
        delegate.write(s, off, len);
    }

    @Override
    public void write(int c) {
        response.beforeWrite(maxBytesPerChar);
        delegate.write(c);
    }

    @Override
    public void flush() throws IOException {
        response.beforeCommit();
        delegate.flush();
        if (delegate.checkError()) {
            throw new IOException("the response writer failed");
        }
    }

    @Override
    public void close() {
        response.beforeCommit();
        delegate.close();
    }
}
