package dev.peerlife.conformance.properties;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A property's failure with what it is blamed on: the requirement IDs that broke (never every ID a
 * property covers when the check can tell which), the index of the step after which it was seen
 * (-1: at the end), and the Gherkin "Then" lines that state what the spec (or the reference
 * profile) expected there, so an exported counterexample asserts exactly the observation that failed.
 */
public final class PropertyFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final Set<String> blamed;
    private final int step;
    private final List<String> expectations;
    private HistoryRunner.Setup setup;
    private List<Step> steps = List.of();

    public PropertyFailure(Set<String> blamed, int step, String message, List<String> expectations) {
        super(message);
        this.blamed = Set.copyOf(new TreeSet<>(blamed));
        this.step = step;
        this.expectations = List.copyOf(expectations);
    }

    /** Attaches the history that was played when the failure was seen, for the counterexample export. */
    public PropertyFailure played(HistoryRunner.Setup setup, List<Step> steps) {
        this.setup = setup;
        this.steps = List.copyOf(steps);
        return this;
    }

    /** How the server of the failing history started; null when no history was attached. */
    public HistoryRunner.Setup setup() {
        return setup;
    }

    /** The steps to replay: all those played, or up to and including the failing step. */
    public List<Step> stepsToReplay() {
        return step < 0 || step >= steps.size() ? steps : steps.subList(0, step + 1);
    }

    public Set<String> blamed() {
        return new TreeSet<>(blamed);
    }

    public int step() {
        return step;
    }

    public List<String> expectations() {
        return expectations;
    }
}
