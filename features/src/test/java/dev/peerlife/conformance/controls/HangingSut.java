package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;

import java.util.concurrent.CountDownLatch;

/** An in-process implementation that never returns from a lifecycle evaluation. */
public class HangingSut extends ReferenceSut {
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @Override
    public void evaluateServer() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
