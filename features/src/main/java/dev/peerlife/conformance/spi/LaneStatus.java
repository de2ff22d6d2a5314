package dev.peerlife.conformance.spi;

/**
 * One transport lane ("reliable" or "sync"): how often it was started and stopped, whether it is
 * running now, and how many frames arrived on it.
 */
public record LaneStatus(String lane, int starts, int stops, boolean running, long framesReceived) {
}
