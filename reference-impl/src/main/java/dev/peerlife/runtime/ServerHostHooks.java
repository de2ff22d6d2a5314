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
     * Decides whether a peer with no session may open one. Called on a transport thread while the
     * host's admission lock is held: answer quickly and do not call back into the host.
     */
    default Admission admit(PeerId peer, int managedSessions) {
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

    /** Admits peers while fewer than {@code maxPeers} sessions exist. */
    static ServerHostHooks maxPeers(int maxPeers) {
        if (maxPeers < 1) {
            throw new dev.peerlife.lifecycle.ConfigurationException("maxPeers", "must be >= 1, was " + maxPeers);
        }
        return new ServerHostHooks() {
            @Override
            public Admission admit(PeerId peer, int managedSessions) {
                return managedSessions < maxPeers ? Admission.accept()
                        : Admission.reject("server full: " + managedSessions + " of " + maxPeers + " peers");
            }
        };
    }
}
