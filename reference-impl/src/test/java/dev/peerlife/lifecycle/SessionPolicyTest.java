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

    @Test
    void ref8_theBuilderNamesEachFieldAndKeepsTheDefaultsOfTheOthers() {
        SessionPolicy policy = SessionPolicy.builder().heartbeatTimeoutMs(5_000).reconnectDelayMs(3_000).build();
        assertEquals(new SessionPolicy(2_000, 5_000, 3_000, true), policy);
        assertEquals(SessionPolicy.defaults(), SessionPolicy.builder().build());
        assertEquals(false, SessionPolicy.builder().autoReconnect(false).build().autoReconnect());
        assertEquals(750, SessionPolicy.builder().heartbeatIntervalMs(750).build().heartbeatIntervalMs());
    }

    @Test
    void ref8_theBuilderRejectsAValueOutOfRangeNamingItsField() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SessionPolicy.builder().heartbeatIntervalMs(1_000).heartbeatTimeoutMs(0).build());
        assertEquals("heartbeatTimeoutMs", e.field());
        assertEquals("reconnectDelayMs", assertThrows(ConfigurationException.class,
                () -> SessionPolicy.builder().reconnectDelayMs(-1).build()).field());
    }
}
