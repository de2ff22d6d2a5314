package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.spi.PolicySpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated multi-peer history: a policy, how many peers, and the steps in order.
 *
 * <p>Which steps take effect is a function of the list alone: a peer connects only when its
 * transport is closed, and disconnects or sends only when it is open (removal and restart close
 * it). Any sublist, as shrinking produces, is therefore still a valid history.
 */
public record History(PolicySpec policy, int peers, List<Step> steps) {

    public History {
        steps = List.copyOf(steps);
    }

    /** The steps that take effect, in order. */
    public List<Step> effectiveSteps() {
        boolean[] open = new boolean[8];
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            boolean applies = switch (s.kind()) {
                case CONNECT -> !open[s.peer()];
                case DISCONNECT, SEND -> open[s.peer()];
                default -> true;
            };
            if (!applies) {
                continue;
            }
            switch (s.kind()) {
                case CONNECT -> open[s.peer()] = true;
                case DISCONNECT, REMOVE -> open[s.peer()] = false;
                case RESTART -> java.util.Arrays.fill(open, false);
                default -> { }
            }
            out.add(s);
        }
        return out;
    }

    /** Only {@code peer}'s own steps and the host-wide ones. */
    public History projectedOn(int peer) {
        return new History(policy, peers, steps.stream().filter(s -> s.kind().global() || s.peer() == peer).toList());
    }

    /** This history with {@code step} inserted at {@code index} (clamped to the end). */
    public History with(int index, Step step) {
        List<Step> out = new ArrayList<>(steps);
        out.add(Math.min(index, out.size()), step);
        return new History(policy, peers, out);
    }

    @Override
    public String toString() {
        return "History[policy=" + policy.heartbeatIntervalMs() + "/" + policy.heartbeatTimeoutMs() + "/"
                + policy.reconnectDelayMs() + "/" + (policy.autoReconnect() ? "auto" : "manual") + ", peers=" + peers
                + ", steps=" + steps + "]";
    }
}
