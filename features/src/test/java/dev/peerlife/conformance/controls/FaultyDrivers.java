package dev.peerlife.conformance.controls;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Driver processes that misbehave after a correct handshake, for the suite's robustness tests:
 * {@code hang} stops answering, {@code crash} exits with code 3, {@code garbage} answers with a
 * line that is not JSON. Each says what it does on stderr first.
 */
public final class FaultyDrivers {
    private FaultyDrivers() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String id = line.replaceAll(".*\"id\":(\\d+).*", "$1");
            if (line.contains("\"op\":\"hello\"")) {
                System.out.println("{\"id\":" + id + ",\"ok\":true,\"result\":{\"protocol\":1,\"name\":\"faulty-" + mode
                        + "\",\"version\":\"0\",\"capabilities\":[]}}");
                System.out.flush();
                continue;
            }
            switch (mode) {
                case "hang" -> {
                    System.err.println("faulty driver: stuck on purpose");
                    new CountDownLatch(1).await();
                }
                case "crash" -> {
                    System.err.println("faulty driver: simulated crash");
                    System.exit(3);
                }
                default -> {
                    System.err.println("faulty driver: answering garbage");
                    System.out.println("this is not json");
                    System.out.flush();
                }
            }
        }
    }
}
