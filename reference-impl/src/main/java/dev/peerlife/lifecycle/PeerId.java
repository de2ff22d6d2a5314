package dev.peerlife.lifecycle;

import java.util.Objects;

/**
 * The remote identity a session is keyed by. It is opaque to the lifecycle: the host decides what
 * it is (see {@code docs/identity-and-reconnect.md}). Two sessions are the same session exactly when
 * their {@code PeerId}s are equal.
 */
public record PeerId(String value) implements Comparable<PeerId> {

    public PeerId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a PeerId must not be blank");
        }
    }

    public static PeerId of(String value) {
        return new PeerId(value);
    }

    @Override
    public int compareTo(PeerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
