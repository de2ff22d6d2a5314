package dev.peerlife.simulator.toxiproxy;

import java.util.Arrays;

/**
 * One toxic as the API describes it, immutable: an update replaces the whole value. {@code stream}
 * is kept as the client spelled it (Toxiproxy matches it case-insensitively and echoes it back);
 * {@link #upstream} is what it means.
 */
final class ToxicState {

    final String name;
    final ToxicKind kind;
    final String stream;
    final boolean upstream;
    final float toxicity;
    private final long[] attributes;

    ToxicState(String name, ToxicKind kind, String stream, boolean upstream, float toxicity, long[] attributes) {
        this.name = name;
        this.kind = kind;
        this.stream = stream;
        this.upstream = upstream;
        this.toxicity = toxicity;
        this.attributes = attributes.clone();
    }

    long attribute(String key) {
        int i = kind.index(key);
        return i < 0 ? 0 : attributes[i];
    }

    long[] attributes() {
        return attributes.clone();
    }

    ToxicState with(float newToxicity, long[] newAttributes) {
        return new ToxicState(name, kind, stream, upstream, newToxicity, newAttributes);
    }

    @Override
    public String toString() {
        return name + "(" + kind.type + " " + stream + " " + toxicity + " " + Arrays.toString(attributes) + ")";
    }
}
