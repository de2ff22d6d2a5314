package dev.peerlife.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what one class logs (through System.Logger, whose default backend is java.util.logging)
 * while it is open, instead of printing it: a test that provokes an expected warning asserts it here,
 * and a green build stays quiet. Closing restores the logger. Use from the test's own thread; the
 * records list is safe to read from any thread.
 */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final boolean parentHandlers;
    private final Level level;
    private final List<LogRecord> records = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog(String name) {
        logger = Logger.getLogger(name);
        parentHandlers = logger.getUseParentHandlers();
        level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Captures the logger named after {@code source}, as {@code System.getLogger(source.getName())} is. */
    public static CapturedLog of(Class<?> source) {
        return new CapturedLog(source.getName());
    }

    /** What was logged so far, oldest first. */
    public List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(level);
        logger.setUseParentHandlers(parentHandlers);
    }
}
