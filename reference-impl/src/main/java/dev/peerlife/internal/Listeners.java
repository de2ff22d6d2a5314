package dev.peerlife.internal;

import java.util.List;
import java.util.function.Consumer;

/** Calls every listener; one that throws is logged and does not stop the others. */
public final class Listeners {
    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

    private Listeners() {
    }

    public static <L> void each(List<L> listeners, Consumer<L> call) {
        for (L listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "listener " + listener + " failed", e);
            }
        }
    }
}
