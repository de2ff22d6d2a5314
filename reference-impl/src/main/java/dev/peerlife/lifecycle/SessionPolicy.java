package dev.peerlife.lifecycle;

/**
 * Heartbeat, timeout and reconnect policy for every session (NSL-8). Validated at construction: an
 * invalid value throws {@link ConfigurationException} naming the field.
 *
 * @param heartbeatIntervalMs how long after the last heartbeat (or the login) the next is due; > 0
 * @param heartbeatTimeoutMs how long without any liveness signal a live session survives; > 0
 * @param reconnectDelayMs how long a timed-out session waits in ReconnectPending; >= 0
 * @param autoReconnect whether a timed-out session is scheduled for reconnect at all
 */
public record SessionPolicy(
        long heartbeatIntervalMs,
        long heartbeatTimeoutMs,
        long reconnectDelayMs,
        boolean autoReconnect) {

    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 2_000;
    public static final long DEFAULT_HEARTBEAT_TIMEOUT_MS = 6_000;
    public static final long DEFAULT_RECONNECT_DELAY_MS = 1_000;

    public SessionPolicy {
        if (heartbeatIntervalMs <= 0) {
            throw new ConfigurationException("heartbeatIntervalMs", "must be > 0, was " + heartbeatIntervalMs);
        }
        if (heartbeatTimeoutMs <= 0) {
            throw new ConfigurationException("heartbeatTimeoutMs", "must be > 0, was " + heartbeatTimeoutMs);
        }
        if (reconnectDelayMs < 0) {
            throw new ConfigurationException("reconnectDelayMs", "must be >= 0, was " + reconnectDelayMs);
        }
    }

    /** The original system's defaults: interval 2 s, timeout 6 s, reconnect delay 1 s, auto-reconnect on. */
    public static SessionPolicy defaults() {
        return new SessionPolicy(DEFAULT_HEARTBEAT_INTERVAL_MS, DEFAULT_HEARTBEAT_TIMEOUT_MS,
                DEFAULT_RECONNECT_DELAY_MS, true);
    }

    public SessionPolicy withHeartbeatIntervalMs(long value) {
        return new SessionPolicy(value, heartbeatTimeoutMs, reconnectDelayMs, autoReconnect);
    }

    public SessionPolicy withHeartbeatTimeoutMs(long value) {
        return new SessionPolicy(heartbeatIntervalMs, value, reconnectDelayMs, autoReconnect);
    }

    public SessionPolicy withReconnectDelayMs(long value) {
        return new SessionPolicy(heartbeatIntervalMs, heartbeatTimeoutMs, value, autoReconnect);
    }

    public SessionPolicy withAutoReconnect(boolean value) {
        return new SessionPolicy(heartbeatIntervalMs, heartbeatTimeoutMs, reconnectDelayMs, value);
    }
}
