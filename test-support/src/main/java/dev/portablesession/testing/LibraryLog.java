package dev.portablesession.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the library logs (it logs as {@code dev.portablesession}, through java.util.logging by
 * default) at every level while it is open, for tests that check a line was written once, or that
 * no line holds a secret. Either {@link #capture()} around a block (try-with-resources), or a
 * {@code @RegisterExtension} field that captures during each test.
 */
public final class LibraryLog implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    private final Logger logger = Logger.getLogger("dev.portablesession");
    private Level previousLevel;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Starts capturing every level. */
    public static LibraryLog capture() {
        LibraryLog log = new LibraryLog();
        log.start();
        return log;
    }

    private void start() {
        previousLevel = logger.getLevel();
        logger.addHandler(handler);
        logger.setLevel(Level.ALL);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Each record's message, followed by its exception's {@code toString()} when it has one. */
    public List<String> messages() {
        List<String> messages = new ArrayList<>();
        synchronized (records) {
            for (LogRecord record : records) {
                messages.add(record.getMessage() + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }
        }
        return messages;
    }

    /** The {@linkplain #messages() messages} logged so far that contain {@code text}. */
    public List<String> containing(String text) {
        return messages().stream().filter(m -> m.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}
