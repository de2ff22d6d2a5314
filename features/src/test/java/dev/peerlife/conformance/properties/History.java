package dev.peerlife.conformance.properties;

import dev.peerlife.conformance.model.ProfileModel;
import dev.peerlife.conformance.spi.PolicySpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated multi-peer history: a policy, how many peers, the steps in order, the clock reading
 * when the server starts ({@code originMs}: 0, hours in, or near the largest value the driver
 * protocol carries) and a resume window in the range of the other timings.
 *
 * <p>Which steps take effect is a function of the list alone: a peer connects only when its
 * transport is closed, and disconnects or sends only when it is open (removal and restart close
 * it). Any sublist, as shrinking produces, is therefore still a valid history.
 */
public record History(PolicySpec policy, int peers, List<Step> steps, long originMs, long resumeWindowMs) {

    public History {
        steps = List.copyOf(steps);
    }

    /** A history starting at clock 0, with a resume window longer than any history. */
    public History(PolicySpec policy, int peers, List<Step> steps) {
        this(policy, peers, steps, 0, HistoryRunner.Setup.NO_EVICTION_MS);
    }

    /**
     * How the normative properties start the server: at the history's origin, with a resume window
     * longer than any history, so that no normative check depends on whether or when an
     * implementation evicts.
     */
    public HistoryRunner.Setup setup() {
        return new HistoryRunner.Setup(policy, originMs, HistoryRunner.Setup.NO_EVICTION_MS);
    }

    /** As {@link #setup()}, with the history's own resume window: evictions happen within the history. */
    public HistoryRunner.Setup setupWithResumeWindow() {
        return new HistoryRunner.Setup(policy, originMs, resumeWindowMs);
    }

    /** The same history with other steps. */
    public History withSteps(List<Step> other) {
        return new History(policy, peers, other, originMs, resumeWindowMs);
    }

    /** The steps that take effect, in order. */
    public List<Step> effectiveSteps() {
        return effectiveSteps(steps);
    }

    static List<Step> effectiveSteps(List<Step> steps) {
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

    /**
     * The effective steps that are situations the spec speaks of: a step whose outcome, under the
     * reference profile, would rest on a REF decision (an input for a peer with no session, a login
     * result without a login start, a heartbeat sent outside LoggedIn, activity on a session that is
     * not live, an input the reference's table ignores) is left out. A pure function of the list, so
     * any shrunk sublist still gives a valid normative history.
     */
    public List<Step> normativeSteps() {
        ProfileModel model = ProfileModel.reference(policy);
        List<Step> out = new ArrayList<>();
        for (Step s : effectiveSteps(steps)) {
            if (!s.kind().global() && s.kind() != Step.Kind.REMOVE && s.kind() != Step.Kind.DISCONNECT) {
                ProfileModel.Blame blame = model.classify(s);
                if (!blame.state().isEmpty() || !blame.events().isEmpty()) {
                    continue; // a situation only the reference profile speaks of
                }
            }
            model.apply(s);
            out.add(s);
        }
        return out;
    }

    /** This history without any step of {@code kind}. */
    public History without(Step.Kind kind) {
        return withSteps(steps.stream().filter(s -> s.kind() != kind).toList());
    }

    /** Only {@code peer}'s own steps and the host-wide ones. */
    public History projectedOn(int peer) {
        return withSteps(steps.stream().filter(s -> s.kind().global() || s.peer() == peer).toList());
    }

    /** This history with {@code step} inserted at {@code index} (clamped to the end). */
    public History with(int index, Step step) {
        List<Step> out = new ArrayList<>(steps);
        out.add(Math.min(index, out.size()), step);
        return withSteps(out);
    }

    @Override
    public String toString() {
        return "History[policy=" + policy.heartbeatIntervalMs() + "/" + policy.heartbeatTimeoutMs() + "/"
                + policy.reconnectDelayMs() + "/" + (policy.autoReconnect() ? "auto" : "manual") + ", peers=" + peers
                + ", origin=" + originMs + "ms, resume window=" + resumeWindowMs + "ms, steps=" + steps + "]";
    }
}
