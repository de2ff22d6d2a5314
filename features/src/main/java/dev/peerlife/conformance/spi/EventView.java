package dev.peerlife.conformance.spi;

/**
 * One recorded lifecycle event with the peer it belongs to; kinds and states in the spec's
 * spelling. A removal notice has kind {@code Removed} and previous equal to current.
 */
public record EventView(String peer, String kind, String previous, String current, long timeMs, String reason) {
    public static final String REMOVED = "Removed";
}
