package dev.peerlife.conformance.spi;

/** An application message a handler ran for: who sent it, its type, its payload as UTF-8 text. */
public record MessageView(String peer, int type, String payload) {
}
