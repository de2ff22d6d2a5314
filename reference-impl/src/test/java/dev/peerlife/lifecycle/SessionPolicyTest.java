package dev.peerlife.lifecycle;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionPolicyTest {

    @Test
    void nsl8_defaultsAreThoseOfTheOriginalSystem() {
        SessionPolicy policy = SessionPolicy.defaults();
        assertEquals(2_000, policy.heartbeatIntervalMs());
        assertEquals(6_000, policy.heartbeatTimeoutMs());
        assertEquals(1_000, policy.reconnectDelayMs());
        assertTrue(policy.autoReconnect());
    }

    @Test
    void nsl8_nonPositiveHeartbeatIntervalIsRejectedByName() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SessionPolicy.defaults().withHeartbeatIntervalMs(0));
        assertEquals("heartbeatIntervalMs", e.field());
        assertTrue(e.getMessage().contains("heartbeatIntervalMs"), e.getMessage());
    }

    @Test
    void nsl8_nonPositiveHeartbeatTimeoutIsRejectedByName() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SessionPolicy.defaults().withHeartbeatTimeoutMs(-5));
        assertEquals("heartbeatTimeoutMs", e.field());
    }

    @Test
    void nsl8_negativeReconnectDelayIsRejectedByName() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SessionPolicy.defaults().withReconnectDelayMs(-1));
        assertEquals("reconnectDelayMs", e.field());
    }

    @Test
    void nsl8_zeroReconnectDelayIsAllowed() {
        assertEquals(0, SessionPolicy.defaults().withReconnectDelayMs(0).reconnectDelayMs());
    }
}
