package dev.peerlife.runtime;

import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.transport.Envelope;

/**
 * Handles one type of application message. The same contract serves the client (where
 * {@code from} is the server) and the server (where it is the sending peer), per SNF-2.
 * Called through the host's {@link Dispatcher}.
 */
@FunctionalInterface
public interface MessageHandler {
    void onMessage(PeerId from, Envelope message);
}
