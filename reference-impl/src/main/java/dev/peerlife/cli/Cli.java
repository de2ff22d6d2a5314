package dev.peerlife.cli;

import dev.peerlife.lifecycle.ConfigurationException;
import dev.peerlife.lifecycle.SessionState;
import dev.peerlife.transport.TransportException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * What the server and client mains share: running a picocli command with the documented exit codes
 * (0 ok, 1 failure, 2 usage), one clear line instead of a stack trace for ordinary failures, option
 * checks on whole longs that name the option as typed, and the spec's spelling of states.
 */
final class Cli {

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    static final String EXIT_CODES = "%nExit codes: 0 ok, 1 failure (for example port in use, no server to connect to), 2 usage error.";

    private Cli() {
    }

    /** A failure the user can act on, reported as one line with exit code 1. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** Runs {@code command} on {@code args}; returns its exit code. Never calls System.exit. */
    static int execute(Object command, String name, String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            err.println(name + ": " + e.getMessage());
            err.println("Try '" + name + " --help' for the options.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof ParameterException p) {
                err.println(name + ": " + p.getMessage());
                err.println("Try '" + name + " --help' for the options.");
                return USAGE;
            }
            err.println(name + ": " + describe(e));
            return FAILURE;
        });
        return cli.execute(args);
    }

    /** One line for a failure: the message a user can act on, without class names or a stack trace. */
    static String describe(Throwable e) {
        if (e instanceof Failure || e instanceof TransportException) {
            return e.getMessage();
        }
        if (e instanceof ConfigurationException c) {
            return "invalid configuration: " + c.getMessage();
        }
        return "unexpected failure: " + e;
    }

    /** {@code value} checked against {@code min..max}; a ParameterException naming {@code option} otherwise. */
    static long range(CommandSpec spec, String option, long value, long min, long max, String meaning) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value
                    + " is not " + meaning);
        }
        return value;
    }

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The root cause's own message: "Address already in use", "Connection refused". */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** "LoggedIn=3 Reconnecting=1", in the order of the lifecycle's states. */
    static String census(Iterable<SessionState> states) {
        Map<SessionState, Integer> count = new EnumMap<>(SessionState.class);
        states.forEach(s -> count.merge(s, 1, Integer::sum));
        StringBuilder out = new StringBuilder();
        count.forEach((s, n) -> out.append(out.length() == 0 ? "" : " ").append(s.specName()).append('=').append(n));
        return out.length() == 0 ? "none" : out.toString();
    }

    /** The version line of both mains. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"peerlife reference implementation " + version()};
        }
    }

    static String version() {
        try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "dev";
    }
}
