package dev.peerlife.conformance.reference;

import dev.peerlife.conformance.spi.EventView;
import dev.peerlife.conformance.spi.PeerInput;
import dev.peerlife.conformance.spi.ServerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference adapter lets go of server events its caller has read, and keeps numbering them from reset. */
class ReferenceSutEventsTest {

    @Test
    void eventsAlreadyReadAreLetGoAndIndexesStillCountFromReset() {
        try (ReferenceSut sut = new ReferenceSut()) {
            sut.reset();
            sut.startServer(ServerSpec.defaults());
            for (int i = 0; i < 1_500; i++) {
                sut.serverInput(PeerInput.of(i % 2 == 0 ? PeerInput.Kind.CONNECT : PeerInput.Kind.DISCONNECT, "a"));
            }
            List<EventView> all = sut.serverEvents();
            int read = all.size() - 10;
            assertTrue(read > 1_024, "enough events to be worth letting go: " + all.size());

            sut.serverEventsRead(read);

            assertEquals(10, sut.serverEvents().size(), "only the unread events are kept");
            assertEquals(all.subList(read, all.size()), sut.serverEventsFrom(read));
            assertEquals(all.subList(read + 4, all.size()), sut.serverEventsFrom(read + 4));
            sut.serverInput(PeerInput.of(PeerInput.Kind.CONNECT, "b"));
            assertEquals("b", sut.serverEventsFrom(all.size()).get(0).peer(), "a new event has the next index");

            sut.reset();
            sut.startServer(ServerSpec.defaults());
            sut.serverInput(PeerInput.of(PeerInput.Kind.CONNECT, "c"));
            assertEquals("c", sut.serverEventsFrom(0).get(0).peer(), "reset numbers from 0 again");
        }
    }
}
