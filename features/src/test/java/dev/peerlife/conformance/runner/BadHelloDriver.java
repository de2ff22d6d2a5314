package dev.peerlife.conformance.runner;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Driver processes that never get past the handshake, for the tests of the main job's input check:
 * {@code exit} exits with code 4 before reading anything, {@code silent} reads and never answers,
 * {@code garbage} answers with a line that is not JSON, {@code refuse} answers hello with an error,
 * {@code nameless} answers hello without a name, {@code protocol2} speaks another protocol version.
 */
public final class BadHelloDriver {
    private BadHelloDriver() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (mode.equals("exit")) {
            System.err.println("bad driver: missing configuration, giving up");
            System.exit(4);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String id = line.replaceAll(".*\"id\":(\\d+).*", "$1");
            String answer = switch (mode) {
                case "silent" -> null;
                case "garbage" -> "hello yourself";
                case "refuse" -> "{\"id\":" + id + ",\"ok\":false,\"error\":{\"kind\":\"FAILED\",\"message\":\"not ready\"}}";
                case "nameless" -> "{\"id\":" + id + ",\"ok\":true,\"result\":{\"protocol\":1,\"version\":\"0\",\"capabilities\":[]}}";
                case "protocol2" -> "{\"id\":" + id + ",\"ok\":true,\"result\":{\"protocol\":2,\"name\":\"x\",\"version\":\"0\","
                        + "\"capabilities\":[]}}";
                default -> throw new IllegalArgumentException(mode);
            };
            if (answer != null) {
                System.out.println(answer);
                System.out.flush();
            }
        }
    }
}
