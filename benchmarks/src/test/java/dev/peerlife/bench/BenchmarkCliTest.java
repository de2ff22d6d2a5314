package dev.peerlife.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark mains' command lines, without running a benchmark: --help says the arguments and the
 * exit codes; an unknown option, a value that is not a number and one out of range are each named on
 * one line with exit code 2.
 */
class BenchmarkCliTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCli.run(command, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpSaysTheArgumentsAndTheExitCodes() {
        for (Object command : new Object[] {new EvaluationBenchmark(), new HeartbeatThroughputBenchmark(), new FuzzSoak()}) {
            Outcome help = run(command, "--help");
            assertEquals(BenchCli.OK, help.code());
            assertTrue(help.out().startsWith("Usage: " + command.getClass().getSimpleName() + " [-hV] "), help.out());
            assertTrue(help.out().contains("Exit codes: 0 "), help.out());
            assertEquals("", help.err());
        }
        assertTrue(run(new FuzzSoak(), "--help").out().contains("[FRAMES] [DATAGRAMS] [SEED]"));
        assertTrue(run(new EvaluationBenchmark(), "--help").out().contains("[SESSIONS...]"));
    }

    @Test
    void anUnknownOptionIsNamedOnOneLine() {
        Outcome o = run(new HeartbeatThroughputBenchmark(), "--clients", "5");
        assertEquals(BenchCli.USAGE, o.code());
        assertEquals("HeartbeatThroughputBenchmark: Unknown option: '--clients' (see HeartbeatThroughputBenchmark --help)", o.err().strip());
        assertEquals("", o.out(), "nothing ran");
    }

    @Test
    void aBadValueIsNamedOnOneLine() {
        Outcome notANumber = run(new EvaluationBenchmark(), "1000", "ten");
        assertEquals(BenchCli.USAGE, notANumber.code());
        assertEquals("EvaluationBenchmark: Invalid value for SESSIONS: 'ten' is not a whole number (see EvaluationBenchmark --help)",
                notANumber.err().strip());
        Outcome negative = run(new FuzzSoak(), "1000", "-5");
        assertEquals(BenchCli.USAGE, negative.code());
        assertEquals("FuzzSoak: Invalid value for DATAGRAMS: -5 is less than 0 (see FuzzSoak --help)", negative.err().strip());
        Outcome seed = run(new FuzzSoak(), "10", "10", "x");
        assertEquals(BenchCli.USAGE, seed.code());
        assertEquals(1, seed.err().lines().count(), seed.err());
        assertTrue(seed.err().startsWith("FuzzSoak: Invalid value for positional parameter at index 2 (SEED): 'x' is not a long"),
                seed.err());
        Outcome zero = run(new HeartbeatThroughputBenchmark(), "0");
        assertEquals(BenchCli.USAGE, zero.code());
        assertEquals("HeartbeatThroughputBenchmark: Invalid value for CLIENTS: 0 is less than 1 (see HeartbeatThroughputBenchmark --help)",
                zero.err().strip());
        assertEquals("", zero.out(), "nothing ran");
    }
}
