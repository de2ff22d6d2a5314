package dev.peerlife.conformance;

import dev.peerlife.conformance.catalogue.Catalogue;
import dev.peerlife.conformance.controls.LoginOnConnectSut;
import dev.peerlife.conformance.controls.RemovalResetsOthersSut;
import dev.peerlife.conformance.controls.SharedStateSut;
import dev.peerlife.conformance.controls.StopLeavesSessionsSut;
import dev.peerlife.conformance.controls.TimeoutHitsEveryoneSut;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deliberately wrong implementations, each with one classic fault: the suite must find each NOT
 * CONFORMANT on exactly the normative IDs its fault breaks (scenarios and properties together), and
 * no property may fail on an ID the fault does not break. In process, and through the driver
 * protocol with the control served by a child process. A fixed property seed keeps it reproducible.
 */
class NegativeControlsTest {

    private static final Catalogue CATALOGUE = Catalogue.load();

    static Stream<Arguments> controls() {
        return Stream.of(
                // One runtime-level state: every per-peer observation can show another peer's state.
                Arguments.of(SharedStateSut.class, Set.of("MSL-1", "MSL-2", "MSL-3", "NSL-3", "PRO-2", "PRO-3")),
                Arguments.of(RemovalResetsOthersSut.class, Set.of("MSL-3")),
                // Sessions outlive stop: shutdown neither clears (MSL-4, SRE-2, SRE-3) nor ends them (NSL-5).
                Arguments.of(StopLeavesSessionsSut.class, Set.of("MSL-4", "NSL-5", "SRE-2", "SRE-3")),
                // One peer's timeout drops every peer: one change overwrites the others, rules not per session.
                Arguments.of(TimeoutHitsEveryoneSut.class, Set.of("MSL-1", "MSL-2", "NSL-3", "PRO-2")),
                // Connect logs in: transport implies login (NSL-1), so a login can no longer fail (NSL-3).
                Arguments.of(LoginOnConnectSut.class, Set.of("NSL-1", "NSL-3")));
    }

    @ParameterizedTest(name = "{0} fails exactly {1}, in process")
    @MethodSource("controls")
    void inProcess(Class<?> control, Set<String> broken) {
        check(control, broken, "class:" + control.getName(), "100", "in-process");
    }

    @ParameterizedTest(name = "{0} fails exactly {1}, through the driver")
    @MethodSource("controls")
    void throughTheDriver(Class<?> control, Set<String> broken) {
        String driver = "process:{java} -cp {classpath} dev.peerlife.conformance.driver.SutDriver class:" + control.getName();
        check(control, broken, driver, "20", "driver");
    }

    private static void check(Class<?> control, Set<String> broken, String sut, String tries, String mode) {
        String name = control.getSimpleName() + "-" + mode;
        SuiteRun scenarios = SuiteRun.against(sut, "features", "negative-" + name, Map.of());
        PropertyRun properties = PropertyRun.against(sut, "negative-" + name,
                Map.of("peerlife.tries", tries, "peerlife.seed", "7"));
        Set<String> failed = normative(scenarios.failedIds());
        failed.addAll(normative(properties.blamedIds()));
        assertEquals(new TreeSet<>(broken), failed, control.getSimpleName() + " (" + mode + "):"
                + scenarios.failureMessages() + properties.describe());
        properties.failures().forEach((property, blamed) -> assertTrue(broken.containsAll(normative(blamed)),
                property + " failed on " + blamed + ", which " + control.getSimpleName() + " does not break"));
        if (control == RemovalResetsOthersSut.class) {
            // One broken requirement, one failing property: shrinking and tries of one property never
            // reach the instance the next property uses.
            assertEquals(Set.of("msl3_removingOnePeerChangesNoOther"), properties.failures().keySet(), properties.describe());
        }
        System.out.printf("negative control %s (%s): NOT CONFORMANT on %s; %d scenario(s) and properties %s failed%n",
                control.getSimpleName(), mode, failed, scenarios.failed().size(), properties.failures().keySet());
    }

    private static Set<String> normative(Set<String> ids) {
        Set<String> out = new TreeSet<>(ids);
        out.removeIf(id -> !CATALOGUE.isNormative(id));
        return out;
    }
}
