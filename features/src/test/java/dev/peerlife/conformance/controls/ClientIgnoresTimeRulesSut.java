package dev.peerlife.conformance.controls;

import dev.peerlife.conformance.reference.ReferenceSut;

/**
 * Negative control, a client that never applies its own time rules: its runtime loop runs, but never
 * evaluates the session, so a client whose server falls silent never times out and never schedules a
 * reconnect (NSL-2, and PRO-1's client flow).
 */
public class ClientIgnoresTimeRulesSut extends ReferenceSut {

    @Override
    public void evaluateClient() {
        clientSession(); // the call is accepted, as a client that exists accepts it; nothing is evaluated
    }
}
