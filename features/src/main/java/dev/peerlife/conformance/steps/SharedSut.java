package dev.peerlife.conformance.steps;

import dev.peerlife.conformance.runner.GuardedSut;
import dev.peerlife.conformance.runner.SutSelector;
import dev.peerlife.conformance.spi.SystemUnderTest;

/**
 * The implementation the suite and the properties run against: one instance for the whole run, reset before every
 * scenario, and replaced when it hung or crashed. The selection is re-read when it changes, so a
 * test can run the suite against several implementations in one JVM.
 */
public final class SharedSut {

    /** Per-call limit: {@code -Dsut.callTimeoutMs}, 10 s by default; read when an implementation is created. */
    public static long callTimeoutMs() {
        return Long.getLong("sut.callTimeoutMs", 10_000);
    }

    private static SystemUnderTest current;
    private static String currentSelection;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SharedSut::closeCurrent, "sut-close"));
    }

    private SharedSut() {
    }

    public static synchronized SystemUnderTest get() {
        String selection = SutSelector.selection();
        if (current != null && (GuardedSut.isBroken(current) || !selection.equals(currentSelection))) {
            closeCurrent();
        }
        if (current == null) {
            current = SutSelector.create(selection, callTimeoutMs());
            currentSelection = selection;
        }
        return current;
    }

    /** Closes and forgets the current implementation: the next {@link #get()} creates a new one. */
    public static synchronized void discard() {
        closeCurrent();
    }

    static synchronized void closeCurrent() {
        if (current != null) {
            SystemUnderTest closing = current;
            current = null;
            try {
                if (!GuardedSut.isBroken(closing)) {
                    closing.close();
                }
            } catch (RuntimeException ignored) {
                // a broken implementation may fail to close; it is dropped either way
            }
        }
    }
}
