package dev.peerlife.conformance.driver;

import dev.peerlife.conformance.runner.SutSelector;

import java.io.IOException;

/**
 * Serves any in-process implementation over the driver protocol: {@code SutDriver SELECTION}, where
 * SELECTION is a registered name ({@code reference}) or {@code class:com.acme.MySut}. The suite uses
 * it to run its negative controls and variants through a child process exactly as an outside
 * team's driver runs.
 */
public final class SutDriver {
    private SutDriver() {
    }

    public static void main(String[] args) throws IOException {
        String selection = args.length > 0 ? args[0] : "reference";
        new DriverServer(SutSelector.createInProcess(selection)).serve(System.in, System.out);
    }
}
