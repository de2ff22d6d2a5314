package dev.peerlife.lifecycle;

/**
 * Heartbeat, timeout and reconnect policy for every session (NSL-8). Validated at construction: an
 * invalid value throws {@link ConfigurationException} naming the field. Build it with named fields,
 * starting from the defaults: {@code SessionPolicy.builder().heartbeatTimeoutMs(5_000).build()}.
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

    /** A builder starting from {@link #defaults()}; {@link Builder#build()} validates, naming the field. */
    public static Builder builder() {
        return new Builder();
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

    /** Named fields for a {@link SessionPolicy}; unset ones keep the defaults (2 s, 6 s, 1 s, on). */
    public static final class Builder {
        private long heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
        private long heartbeatTimeoutMs = DEFAULT_HEARTBEAT_TIMEOUT_MS;
        private long reconnectDelayMs = DEFAULT_RECONNECT_DELAY_MS;
        private boolean autoReconnect = true;

        private Builder() {
        }

        public Builder heartbeatIntervalMs(long heartbeatIntervalMs) {
            this.heartbeatIntervalMs = heartbeatIntervalMs;
            return this;
        }

        public Builder heartbeatTimeoutMs(long heartbeatTimeoutMs) {
            this.heartbeatTimeoutMs = heartbeatTimeoutMs;
            return this;
        }

        public Builder reconnectDelayMs(long reconnectDelayMs) {
            this.reconnectDelayMs = reconnectDelayMs;
            return this;
        }

        public Builder autoReconnect(boolean autoReconnect) {
            this.autoReconnect = autoReconnect;
            return this;
        }

        /** @throws ConfigurationException naming the first field out of range */
        public SessionPolicy build() {
            return new SessionPolicy(heartbeatIntervalMs, heartbeatTimeoutMs, reconnectDelayMs, autoReconnect);
        }
    }
}
