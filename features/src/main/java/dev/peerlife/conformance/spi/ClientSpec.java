package dev.peerlife.conformance.spi;

import java.util.List;

/**
 * How to start a client runtime: it connects to the running server under {@code name}, with a sync
 * lane when {@code withSync} and the server has one.
 */
public record ClientSpec(String name, PolicySpec policy, boolean withSync, List<Integer> handledTypes) {
    public ClientSpec {
        handledTypes = handledTypes == null ? List.of() : List.copyOf(handledTypes);
    }
}
