package dev.peerlife.conformance.spi;

/**
 * One session as the implementation reports it. States use the spec's spelling, for example
 * {@code ReconnectPending}. Optional values are null when absent.
 */
public record SessionView(String peer, String state, Long rttMs, Long lastServerTick, String lastFailureReason) {
}
