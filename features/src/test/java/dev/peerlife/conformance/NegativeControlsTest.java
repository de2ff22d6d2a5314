package dev.peerlife.conformance;

import dev.peerlife.conformance.controls.LoginOnConnectSut;
import dev.peerlife.conformance.controls.RemovalResetsOthersSut;
import dev.peerlife.conformance.controls.SharedStateSut;
import dev.peerlife.conformance.controls.StopLeavesSessionsSut;
import dev.peerlife.conformance.controls.TimeoutHitsEveryoneSut;
import dev.peerlife.conformance.controls.UnvalidatedPolicySut;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deliberately wrong implementations, each with one classic fault: the suite must fail on each,
 * and on the requirement IDs the fault breaks. A suite that passes them is worthless.
 */
class NegativeControlsTest {

    static Stream<Arguments> controls() {
        return Stream.of(
                Arguments.of(SharedStateSut.class, Set.of("MSL-1", "MSL-2")),
                Arguments.of(RemovalResetsOthersSut.class, Set.of("MSL-3")),
                Arguments.of(StopLeavesSessionsSut.class, Set.of("MSL-4", "SRE-4")),
                Arguments.of(TimeoutHitsEveryoneSut.class, Set.of("MSL-2", "PRO-2")),
                Arguments.of(LoginOnConnectSut.class, Set.of("NSL-2")),
                Arguments.of(UnvalidatedPolicySut.class, Set.of("NSL-8")));
    }

    @ParameterizedTest(name = "{0} fails on {1}")
    @MethodSource("controls")
    void theSuiteCatchesTheFaultOnTheRequirementsItBreaks(Class<?> control, Set<String> broken) {
        SuiteRun run = SuiteRun.against("class:" + control.getName(), "features",
                "negative-" + control.getSimpleName(), Map.of());
        TreeSet<String> failed = run.failedIds();
        assertTrue(failed.containsAll(broken), control.getSimpleName() + " should fail " + broken + " but failed only "
                + failed + " (" + run.succeeded() + " scenarios passed)");
        System.out.printf("negative control %s: failed %d scenario(s) on %s%n", control.getSimpleName(),
                run.failed().size(), failed);
        assertTrue(List.copyOf(failed).size() < 25, "a control that fails everything proves nothing: " + failed);
    }
}
