package dev.peerlife.conformance.driver;

import dev.peerlife.conformance.reference.ReferenceSut;

import java.io.IOException;

/**
 * The reference implementation served over the driver protocol on stdin and stdout: the example a
 * driver in another language follows, and what {@code mvn verify} runs the suite through a second
 * time.
 */
public final class ReferenceDriver {
    private ReferenceDriver() {
    }

    public static void main(String[] args) throws IOException {
        new DriverServer(new ReferenceSut()).serve(System.in, System.out);
    }
}
