package dev.peerlife.conformance.runner;

import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.ServerSpec;
import dev.peerlife.conformance.spi.SystemUnderTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * serverStep through the driver protocol: one batch request with a driver that knows the operation,
 * the same calls one by one with a driver that answers it with a protocol error (an older driver),
 * and the same events either way.
 */
class BatchFallbackTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ReferenceDriver", "BatchlessDriver"})
    void aStepGivesTheNewEventsWhetherOrNotTheDriverKnowsBatch(String driver) {
        try (SystemUnderTest sut = SutSelector.create("process:{java} -cp {classpath} dev.peerlife.conformance.driver." + driver, 10_000)) {
            sut.reset();
            sut.startServer(ServerSpec.defaults());
            List<EventView> first = sut.serverStep(5, List.of(PeerInput.of(PeerInput.Kind.CONNECT, "alice"),
                    PeerInput.of(PeerInput.Kind.LOGIN_STARTED, "alice"), PeerInput.of(PeerInput.Kind.LOGIN_SUCCEEDED, "alice")), true, 0);
            assertEquals(List.of("TransportConnected", "LoginStarted", "LoginSucceeded"), first.stream().map(EventView::kind).toList());
            assertEquals(5, first.get(0).timeMs());
            List<EventView> second = sut.serverStep(6_000, List.of(), true, first.size());
            assertEquals(List.of("TimedOut", "ReconnectScheduled"), second.stream().map(EventView::kind).toList());
            assertEquals(6_005, second.get(0).timeMs());
            assertEquals(List.of(), sut.serverStep(0, List.of(), false, first.size() + second.size()));
        }
    }
}
