package dev.peerlife.runtime;

import java.util.Objects;

/** A host's answer to a new peer: accepted, or rejected with a reason the peer is told. */
public record Admission(boolean accepted, String reason) {

    private static final Admission ACCEPT = new Admission(true, "accepted");

    public Admission {
        Objects.requireNonNull(reason, "reason");
    }

    public static Admission accept() {
        return ACCEPT;
    }

    public static Admission reject(String reason) {
        return new Admission(false, reason);
    }
}
