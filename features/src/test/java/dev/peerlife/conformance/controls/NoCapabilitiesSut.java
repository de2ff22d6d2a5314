package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.spi.SutDescription;

import java.util.List;

/** The reference, declaring no optional capability: its capability scenarios must be skipped, not passed. */
public class NoCapabilitiesSut extends ReferenceSut {
    @Override
    public SutDescription describe() {
        return new SutDescription("no-capabilities", "test", List.of());
    }
}
