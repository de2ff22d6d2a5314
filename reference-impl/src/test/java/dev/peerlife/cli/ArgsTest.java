package dev.peerlife.cli;

import dev.peerlife.lifecycle.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgsTest {

    @Test
    void aBadOptionIsRejectedByName() {
        assertEquals("--port", assertThrows(ConfigurationException.class,
                () -> new Args(new String[] {"--port", "x"}, Set.of()).number("port", 0)).field());
        assertEquals("--colour", assertThrows(ConfigurationException.class, () -> {
            Args a = new Args(new String[] {"--colour", "red"}, Set.of());
            a.rejectUnknown();
        }).field());
        assertEquals("--port", assertThrows(ConfigurationException.class,
                () -> new Args(new String[] {"--port"}, Set.of())).field());
    }

    @Test
    void theServerRejectsAnInvalidPolicyValueByNameBeforeStarting() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ServerMain.run(new String[] {"--heartbeat-timeout-ms", "0"}, out));
        assertEquals("heartbeatTimeoutMs", e.field());
        ConfigurationException port = assertThrows(ConfigurationException.class,
                () -> ServerMain.run(new String[] {"--port", "70000"}, out));
        assertEquals("reliablePort", port.field());
        assertTrue(ClientMain.USAGE.contains("--clients"));
    }
}
