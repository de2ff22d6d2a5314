package dev.peerlife.runtime;

import dev.peerlife.lifecycle.ConfigurationException;

/** Configuration checks that name the field they reject. */
final class Checks {
    private Checks() {
    }

    static void notNull(String field, Object value) {
        if (value == null) {
            throw new ConfigurationException(field, "must be set");
        }
    }

    static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw new ConfigurationException(field, "must be >= " + min + ", was " + value);
        }
    }

    static void port(String field, int port) {
        if (port < 0 || port > 65_535) {
            throw new ConfigurationException(field, "must be a port in 0..65535 (0: any free port), was " + port);
        }
    }

    /** A port to dial: a real one, 1..65535. */
    static void serverPort(String field, int port) {
        if (port < 1 || port > 65_535) {
            throw new ConfigurationException(field, "must be a port in 1..65535, was " + port);
        }
    }
}
