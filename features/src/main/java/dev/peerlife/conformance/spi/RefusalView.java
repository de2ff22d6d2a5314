package dev.peerlife.conformance.spi;

/** A connection the host's admission refused: which peer, and the reason the peer was given. */
public record RefusalView(String peer, String reason) {
}
