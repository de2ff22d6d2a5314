package dev.peerlife.conformance.steps;

import dev.peerlife.conformance.runner.SutSelector;

/**
 * How a failing reference-profile check is reported: {@code enforce} (a failure, as for any check;
 * the main job and the suite's self-tests, which tell differences from failures themselves) or
 * {@code report} (skipped, with "differs from the reference profile: ...", so that a plain Maven run
 * against another implementation is not red for a choice the spec leaves open). The system property
 * {@code peerlife.profile} chooses; by default the reference, which must match its own profile,
 * enforces, and any other implementation reports.
 */
public final class ProfileMode {

    public static final String PROPERTY = "peerlife.profile";

    private ProfileMode() {
    }

    public static boolean reportOnly() {
        String mode = System.getProperty(PROPERTY);
        if (mode != null && !mode.isBlank()) {
            return mode.trim().equalsIgnoreCase("report");
        }
        return !SutSelector.selection().equals("reference");
    }
}
