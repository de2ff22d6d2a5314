package dev.peerlife.conformance.driver;

import dev.peerlife.conformance.reference.ReferenceSut;

/**
 * The reference driver as a driver written before the {@code batch} operation would answer: a
 * protocol error for {@code batch}, and every event for {@code serverEvents} whatever its arguments.
 */
public final class BatchlessDriver {
    private BatchlessDriver() {
    }

    public static void main(String[] args) throws Exception {
        new DriverServer(new ReferenceSut(), false).serve(System.in, System.out);
    }
}
