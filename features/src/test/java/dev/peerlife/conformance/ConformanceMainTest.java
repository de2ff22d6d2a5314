package dev.peerlife.conformance;

import dev.peerlife.conformance.runner.BadHelloDriver;
import dev.peerlife.conformance.runner.ProcessSut;
import dev.peerlife.conformance.runner.SutSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job's conformance run refuses what it cannot use before anything runs: one line on
 * stderr, exit code 2, no output folder. (Its verdicts are {@code VerdictTest}'s; its summary is
 * {@code ConsoleSummaryTest}'s.)
 */
class ConformanceMainTest {

    private record Outcome(int exitCode, String out, String err) {
    }

    /** Runs ConformanceMain in this JVM with {@code -Dsut} set to {@code sut}, restoring the selection after. */
    private static Outcome inProcess(String sut, String... args) {
        String before = System.getProperty(SutSelector.PROPERTY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            if (sut != null) {
                System.setProperty(SutSelector.PROPERTY, sut);
            }
            int code = ConformanceMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            if (before == null) {
                System.clearProperty(SutSelector.PROPERTY);
            } else {
                System.setProperty(SutSelector.PROPERTY, before);
            }
        }
    }

    private static void assertRefusedInOneLine(Outcome o, Path dir, String fragment) {
        assertEquals(ConformanceMain.UNUSABLE, o.exitCode(), o.err());
        assertEquals("", o.out(), "nothing runs");
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + o.err());
        assertTrue(lines.get(0).startsWith("cannot use the implementation: "), lines.get(0));
        assertTrue(lines.get(0).contains(fragment), lines.get(0));
        assertFalse(Files.exists(dir), "nothing written");
    }

    @Test
    void anUnknownImplementationNameStopsTheRunWithExitCode2InAChildJvm(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("out");
        List<String> command = new ArrayList<>(ProcessSut.command("{java} -cp {classpath}"));
        command.addAll(List.of(ConformanceMain.class.getName(), dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SUT", "nosuch");
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child finished");
        assertRefusedInOneLine(new Outcome(p.exitValue(), Files.readString(out), Files.readString(err)), dir,
                "no implementation is registered under the name 'nosuch'");
    }

    @Test
    void aMissingClassStopsTheRunBeforeAnythingRuns(@TempDir Path tmp) {
        Path dir = tmp.resolve("out");
        assertRefusedInOneLine(inProcess("class:com.acme.Missing", dir.toString()), dir, "com.acme.Missing is not on the class path");
    }

    @Test
    void aDriverThatAnswersNoHelloStopsTheRunBeforeAnythingRuns(@TempDir Path tmp) {
        Path dir = tmp.resolve("out");
        assertRefusedInOneLine(inProcess("process:{java} -cp {classpath} " + BadHelloDriver.class.getName() + " exit", dir.toString()),
                dir, "the driver exited");
    }

    @Test
    void aDriverCommandThatCannotStartStopsTheRunBeforeAnythingRuns(@TempDir Path tmp) {
        Path dir = tmp.resolve("out");
        assertRefusedInOneLine(inProcess("process:/nonexistent/driver", dir.toString()), dir, "cannot start");
    }

    @Test
    void checkOnlyRefusesAnUnusableImplementationInOneLineAndAcceptsAUsableOneSilently() {
        Outcome missing = inProcess("class:com.acme.Missing", "--check");
        assertEquals(ConformanceMain.UNUSABLE, missing.exitCode());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("cannot use the implementation: class com.acme.Missing is not on the class path"),
                missing.err());
        assertEquals("", missing.out());
        Outcome usable = inProcess("reference", "--check");
        assertEquals(ConformanceMain.CONFORMANT, usable.exitCode(), usable.err());
        assertEquals("", usable.out() + usable.err(), "nothing runs");
    }

    @Test
    void anUnexpectedArgumentIsNamedInOneLineAndHelpSaysTheExitCodes(@TempDir Path tmp) {
        Outcome bad = inProcess(null, "--bogus");
        assertEquals(ConformanceMain.UNUSABLE, bad.exitCode());
        assertEquals("conformance: Unknown option: '--bogus' (see ConformanceMain --help)", bad.err().strip());
        Outcome two = inProcess(null, tmp.toString(), tmp.toString());
        assertEquals(ConformanceMain.UNUSABLE, two.exitCode());
        assertEquals(1, two.err().lines().count(), two.err());
        assertTrue(two.err().startsWith("conformance: Unmatched argument at index 1: "), two.err());
        Outcome help = inProcess(null, "--help");
        assertEquals(ConformanceMain.CONFORMANT, help.exitCode());
        assertTrue(help.out().startsWith("Usage: ConformanceMain [-hV] [--check] [OUTPUT_DIR]"), help.out());
        assertTrue(help.out().contains("Exit codes: 0 CONFORMANT; 1 NOT CONFORMANT; 2 usage error"), help.out());
        assertEquals("", help.err());
        Outcome version = inProcess(null, "--version");
        assertEquals(ConformanceMain.CONFORMANT, version.exitCode());
        assertTrue(version.out().startsWith("peerlife conformance suite (requirement catalogue version "), version.out());
    }
}
