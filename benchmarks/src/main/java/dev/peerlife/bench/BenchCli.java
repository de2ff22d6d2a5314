package dev.peerlife.bench;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;

/**
 * What the benchmark mains share on the command line: picocli with {@code --help}, an unknown option
 * or a bad value named on one line with exit code {@value #USAGE}, and an unexpected failure on one
 * line with exit code {@value #FAILED}. Stateless.
 */
final class BenchCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private BenchCli() {
    }

    /** Runs {@code command} on {@code args}; returns its exit code. Never calls System.exit. */
    static int run(Object command, String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(command);
        String name = cli.getCommandName();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            err.println(name + ": " + e.getMessage() + " (see " + name + " --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof ParameterException p) {
                err.println(name + ": " + p.getMessage() + " (see " + name + " --help)");
                return USAGE;
            }
            err.println(name + ": failed: " + e);
            return FAILED;
        });
        return cli.execute(args);
    }

    /** {@code values} as whole numbers of at least {@code min}; a usage error naming {@code label} and the value otherwise. */
    static List<Long> counts(CommandSpec spec, String label, List<String> values, long min) {
        return values.stream().map(v -> count(spec, label, v, min)).toList();
    }

    /** {@code value} as a whole number of at least {@code min}; a usage error naming {@code label} and the value otherwise. */
    static long count(CommandSpec spec, String label, String value, long min) {
        long n;
        try {
            n = Long.parseLong(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for " + label + ": '" + value + "' is not a whole number");
        }
        if (n < min) {
            throw new ParameterException(spec.commandLine(), "Invalid value for " + label + ": " + n + " is less than " + min);
        }
        return n;
    }
}
