package dev.peerlife.conformance.spi;

import java.util.List;

/** Who the implementation is and what it can do (see {@link Capability}). */
public record SutDescription(String name, String version, List<String> capabilities) {
    public SutDescription {
        capabilities = List.copyOf(capabilities);
    }

    public boolean can(String capability) {
        return capabilities.contains(capability);
    }
}
