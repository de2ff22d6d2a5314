package dev.peerlife.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A listener that throws is logged, as a warning naming it, and the others still run. */
class ListenersTest {

    @Test
    void aThrowingListenerIsLoggedAndTheOthersRun() {
        Logger logger = Logger.getLogger(Listeners.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
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
        boolean parents = logger.getUseParentHandlers();
        logger.addHandler(capture);
        logger.setUseParentHandlers(false); // an expected failure: kept off the build's console
        try {
            List<String> called = new ArrayList<>();
            Runnable failing = () -> {
                throw new IllegalStateException("listener bug");
            };
            Runnable fine = () -> called.add("fine");
            Listeners.each(List.of(failing, fine), Runnable::run);
            assertEquals(List.of("fine"), called);
            assertEquals(1, records.size());
            assertEquals(Level.WARNING, records.get(0).getLevel());
            assertTrue(records.get(0).getMessage().contains("failed"), records.get(0).getMessage());
        } finally {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(parents);
        }
    }
}
