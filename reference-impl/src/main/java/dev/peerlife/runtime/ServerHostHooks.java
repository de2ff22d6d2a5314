package dev.peerlife.runtime;

import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionRemoved;

/**
 * Where a server plugs its own policy into the shared lifecycle (PRO-4): admission of new peers and
 * cleanup of removed ones. Application reactions to lifecycle events use a
 * {@link dev.peerlife.lifecycle.SessionListener} on the host's coordinator. None of these can change
 * the lifecycle rules.
 */
public interface ServerHostHooks {

    /**
     * Decides whether a peer with no session may open one: at login on an anonymous transport
     * (TCP), at connect where connections name their peer. {@code livePlayers} counts the sessions
     * that have a connection now; sessions waiting in their resume window are not counted, and a
     * peer resuming its own session is never asked about. Called on a transport thread while the
     * host's wire lock is held: answer quickly and do not call back into the host.
     */
    default Admission admit(PeerId peer, int livePlayers) {
        return Admission.accept();
    }

    /**
     * A session left the coordinator (removed, evicted, or cleared at shutdown); its connection has
     * been closed. Called outside every lifecycle lock.
     */
    default void onSessionRemoved(SessionRemoved removed) {
    }

    static ServerHostHooks none() {
        return new ServerHostHooks() {
        };
    }

    /** Admits new peers while fewer than {@code maxPeers} players are live. */
    static ServerHostHooks maxPeers(int maxPeers) {
        if (maxPeers < 1) {
            throw new dev.peerlife.lifecycle.ConfigurationException("maxPeers", "must be >= 1, was " + maxPeers);
        }
        return new ServerHostHooks() {
            @Override
            public Admission admit(PeerId peer, int livePlayers) {
                return livePlayers < maxPeers ? Admission.accept()
                        : Admission.reject("server full: " + livePlayers + " of " + maxPeers + " peers");
            }
        };
    }
}
