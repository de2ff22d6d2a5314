package dev.peerlife.transport;

/** The two lanes of SNF-4: the reliable one, and the optional sync one. */
public enum TransportRole {
    RELIABLE,
    SYNC
}
