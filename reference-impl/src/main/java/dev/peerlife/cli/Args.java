package dev.peerlife.cli;

import dev.peerlife.lifecycle.ConfigurationException;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} arguments; a bad one is a {@link ConfigurationException} naming it. */
final class Args {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Set<String> used = new HashSet<>();

    Args(String[] args, Set<String> knownFlags) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new ConfigurationException(a, "unexpected argument");
            }
            String name = a.substring(2);
            if (knownFlags.contains(name)) {
                flags.add(name);
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new ConfigurationException("--" + name, "needs a value");
            }
        }
    }

    boolean flag(String name) {
        used.add(name);
        return flags.contains(name);
    }

    String string(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    long number(String name, long fallback) {
        used.add(name);
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("--" + name, "must be a whole number, was '" + v + "'");
        }
    }

    Integer optionalInt(String name) {
        used.add(name);
        return values.containsKey(name) ? (int) number(name, 0) : null;
    }

    /** What a main does with its arguments; may reject them with a {@link ConfigurationException}. */
    @FunctionalInterface
    interface Body {
        void run(String[] argv);
    }

    /**
     * The shared shape of a main: {@code --help} prints the usage; a rejected option prints its name,
     * the problem and the usage, and exits with 2.
     */
    static void main(String[] argv, String usage, Body body) {
        if (argv.length > 0 && argv[0].equals("--help")) {
            System.out.println(usage);
            return;
        }
        try {
            body.run(argv);
        } catch (ConfigurationException e) {
            System.err.println("invalid option " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
        }
    }

    /** Fails on any argument nobody asked for. */
    void rejectUnknown() {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw new ConfigurationException("--" + name, "unknown option");
            }
        }
    }
}
