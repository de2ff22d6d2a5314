package dev.peerlife.lifecycle;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable picture of one session at one instant.
 *
 * @param peer the remote identity the session belongs to
 * @param state the lifecycle state
 * @param stateSinceMs when the session entered {@code state}
 * @param lastLivenessMs the last liveness signal (connect, login answer, heartbeat, inbound activity)
 * @param rttMs round-trip time of the last answered heartbeat, if any
 * @param lastServerTick the server tick the session's {@link ClockSync} holds (with the reference's
 *     strategy, the last sample of an accepted heartbeat answer or authoritative update), if any
 * @param lastFailureReason why the last login failure, timeout or failed reconnect happened, if any
 * @param ignoredInputs how many inputs were ignored as illegal in the state they arrived in
 * @param lastIgnoredInput a description of the last ignored input, if any
 */
public record SessionSnapshot(
        PeerId peer,
        SessionState state,
        long stateSinceMs,
        long lastLivenessMs,
        OptionalLong rttMs,
        OptionalLong lastServerTick,
        Optional<String> lastFailureReason,
        long ignoredInputs,
        Optional<String> lastIgnoredInput) {

    public SessionSnapshot {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(rttMs, "rttMs");
        Objects.requireNonNull(lastServerTick, "lastServerTick");
        Objects.requireNonNull(lastFailureReason, "lastFailureReason");
        Objects.requireNonNull(lastIgnoredInput, "lastIgnoredInput");
    }

    /**
     * Whether the session may send heartbeats at all: it is LoggedIn (REF-2). Whether one is due
     * now is {@link SessionManager#isHeartbeatDue()}.
     */
    public boolean canSendHeartbeat() {
        return state == SessionState.LOGGED_IN;
    }
}
