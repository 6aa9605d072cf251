package dev.portablesession.internal.filter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The response's output stream, saving the session before a write or flush can commit. */
final class SaveBeforeCommitOutputStream extends ServletOutputStream {

    private final ServletOutputStream delegate;
    private final SessionResponseWrapper response;

    SaveBeforeCommitOutputStream(ServletOutputStream delegate, SessionResponseWrapper response) {
        this.delegate = delegate;
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        response.beforeWrite(1);
        delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        response.beforeWrite(len);
        delegate.write(b, off, len);
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        response.beforeWrite(buffer.remaining());
        delegate.write(buffer);
    }

    @Override
    public void flush() throws IOException {
        response.beforeCommit();
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        response.beforeCommit();
        delegate.close();
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        delegate.setWriteListener(writeListener);
    }
}
