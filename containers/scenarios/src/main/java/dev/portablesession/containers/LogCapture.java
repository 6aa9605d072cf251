package dev.portablesession.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the library logs (it logs as "dev.portablesession", through java.util.logging by default). */
final class LogCapture extends Handler implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger("dev.portablesession");
    private final List<String> messages = new ArrayList<>();

    private LogCapture() {
    }

    static LogCapture start() {
        LogCapture capture = new LogCapture();
        LOGGER.addHandler(capture);
        return capture;
    }

    /** The messages logged so far that contain {@code text}. */
    synchronized List<String> containing(String text) {
        return messages.stream().filter(m -> m.contains(text)).toList();
    }

    @Override
    public synchronized void publish(LogRecord record) {
        messages.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        LOGGER.removeHandler(this);
    }
}
