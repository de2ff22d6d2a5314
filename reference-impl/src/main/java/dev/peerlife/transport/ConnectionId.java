package dev.peerlife.transport;

import java.util.Objects;

/**
 * A transport's name for one remote endpoint or connection. It is not the session identity: the
 * host maps connections to {@link dev.peerlife.lifecycle.PeerId}s (see
 * {@code docs/identity-and-reconnect.md}).
 */
public record ConnectionId(String value) {
    public ConnectionId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
