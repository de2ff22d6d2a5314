package dev.peerlife.conformance.reference;

import dev.peerlife.conformance.spi.SutFactory;
import dev.peerlife.conformance.spi.SystemUnderTest;

/** Selects the reference implementation: {@code -Dsut=reference} (the default). */
public final class ReferenceSutFactory implements SutFactory {
    @Override
    public String name() {
        return ReferenceSut.NAME;
    }

    @Override
    public SystemUnderTest create() {
        return new ReferenceSut();
    }
}
