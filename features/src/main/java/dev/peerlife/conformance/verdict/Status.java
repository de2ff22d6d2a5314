package dev.peerlife.conformance.verdict;

/**
 * The status of one check (a scenario or a property run) or of one requirement. A check is
 * {@link #PASSED}, {@link #FAILED} or {@link #SKIPPED} (it needs a capability the implementation
 * does not declare); only a requirement can be {@link #NOT_COVERED}.
 */
public enum Status {
    PASSED("passed"),
    FAILED("failed"),
    SKIPPED("skipped"),
    NOT_COVERED("not covered");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    /** The lower-case word used in report.json, summary.md and the console. */
    public String label() {
        return label;
    }

    /** The status with this {@link #label()}. */
    public static Status of(String label) {
        for (Status s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no status '" + label + "'; expected passed, failed, skipped or not covered");
    }
}
