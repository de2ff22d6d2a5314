package dev.peerlife.conformance;

import dev.peerlife.conformance.catalogue.Catalogue;
import dev.peerlife.conformance.controls.ClientIgnoresTimeRulesSut;
import dev.peerlife.conformance.controls.EarlyReconnectSut;
import dev.peerlife.conformance.controls.EvictsLivePeersSut;
import dev.peerlife.conformance.controls.HostKeyedSessionsSut;
import dev.peerlife.conformance.controls.IntDeadlinesSut;
import dev.peerlife.conformance.controls.LateTimeoutSut;
import dev.peerlife.conformance.controls.LoginOnConnectSut;
import dev.peerlife.conformance.controls.RemovalKeepsDeadlineSut;
import dev.peerlife.conformance.controls.RemovalResetsOthersSut;
import dev.peerlife.conformance.controls.RttAcrossReconnectSut;
import dev.peerlife.conformance.controls.RttFromFirstHeartbeatSut;
import dev.peerlife.conformance.controls.SharedStateSut;
import dev.peerlife.conformance.controls.StaleLivenessOnReconnectSut;
import dev.peerlife.conformance.controls.StaleSnapshotSut;
import dev.peerlife.conformance.controls.StopLeavesSessionsSut;
import dev.peerlife.conformance.controls.TimeoutHitsEveryoneSut;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deliberately wrong implementations, each with one fault of the kind real implementers make: the
 * suite must find each NOT CONFORMANT on exactly the normative IDs its fault breaks (scenarios and
 * normative properties together), and no property may fail on an ID the fault does not break; in
 * process, and through the driver protocol with the control served by a child process.
 *
 * <p>The scenarios catch every control on their own, so the verdict never rests on what a random
 * history happens to hit; the properties may add failures, but only on IDs of the expected set. The
 * property seed is {@code -Dpeerlife.controls.seeds} (default 7); a comma-separated list runs the
 * properties once per seed and checks each run (the seed sweep of README.md); {@code -Dpeerlife.controls}
 * names the controls to run, all when absent. Through the driver, {@code mvn verify} runs the five
 * first controls and the two whose faults ride on what the protocol carries (endpoint strings, clocks
 * past 2^31 ms); {@code -Dpeerlife.controls.driver=all} runs every control through it too, as the
 * seed sweep does (the fault logic is the same classes either way). Shrinking is off
 * except for the removal control, which shows that one property's shrinking never reaches the next
 * property's implementation.
 */
class NegativeControlsTest {

    private static final Catalogue CATALOGUE = Catalogue.load();
    private static final List<String> SEEDS = Arrays.stream(System.getProperty("peerlife.controls.seeds", "7").split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).toList();
    /** {@code -Dpeerlife.controls=LateTimeoutSut,...}: only these controls (simple class names); all when absent. */
    private static final Set<String> ONLY = Arrays.stream(System.getProperty("peerlife.controls", "").split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).collect(java.util.stream.Collectors.toSet());

    /** The controls {@code mvn verify} runs through the driver unless {@code -Dpeerlife.controls.driver=all}. */
    private static final Set<String> DRIVER_DEFAULT = Set.of("SharedStateSut", "RemovalResetsOthersSut", "StopLeavesSessionsSut",
            "TimeoutHitsEveryoneSut", "LoginOnConnectSut", "HostKeyedSessionsSut", "IntDeadlinesSut");

    static Stream<Arguments> driverControls() {
        boolean all = "all".equals(System.getProperty("peerlife.controls.driver", "").strip()) || !ONLY.isEmpty();
        return controls().filter(a -> all || DRIVER_DEFAULT.contains(((Class<?>) a.get()[0]).getSimpleName()));
    }

    static Stream<Arguments> controls() {
        List<String> names = all().map(a -> ((Class<?>) a.get()[0]).getSimpleName()).toList();
        Set<String> unknown = new TreeSet<>(ONLY);
        names.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("-Dpeerlife.controls names no control: " + unknown + " (controls: " + names + ")");
        }
        return all().filter(a -> ONLY.isEmpty() || ONLY.contains(((Class<?>) a.get()[0]).getSimpleName()));
    }

    private static Stream<Arguments> all() {
        return Stream.of(
                // One runtime-level state: every per-peer observation can show another peer's state.
                Arguments.of(SharedStateSut.class, Set.of("MSL-1", "MSL-2", "MSL-3", "NSL-3", "PRO-2", "PRO-3")),
                // Removing one peer bounces the others: exactly what MSL-3 forbids.
                Arguments.of(RemovalResetsOthersSut.class, Set.of("MSL-3")),
                // Sessions outlive stop: shutdown neither clears (MSL-4, SRE-2, SRE-3) nor ends them (NSL-5).
                Arguments.of(StopLeavesSessionsSut.class, Set.of("MSL-4", "NSL-5", "SRE-2", "SRE-3")),
                // One peer's timeout drops every peer: one change overwrites the others, rules not per session.
                Arguments.of(TimeoutHitsEveryoneSut.class, Set.of("MSL-1", "MSL-2", "NSL-3", "PRO-2")),
                // Connect logs in: transport implies login (NSL-1), so a login can no longer fail (NSL-3).
                Arguments.of(LoginOnConnectSut.class, Set.of("NSL-1", "NSL-3")),
                // Times out a millisecond late: the timeout boundary is NSL-2's.
                Arguments.of(LateTimeoutSut.class, Set.of("NSL-2")),
                // Reconnects a millisecond early: "never Reconnecting before the delay" is NSL-3's.
                Arguments.of(EarlyReconnectSut.class, Set.of("NSL-3")),
                // Second round trip measured from the first heartbeat: the RTT rule is NSL-2's.
                Arguments.of(RttFromFirstHeartbeatSut.class, Set.of("NSL-2")),
                // One heartbeat in flight on the new connection, RTT from the old one: NSL-2.
                Arguments.of(RttAcrossReconnectSut.class, Set.of("NSL-2")),
                // A reconnected session times out at once: "not before its timeout" is NSL-2's.
                Arguments.of(StaleLivenessOnReconnectSut.class, Set.of("NSL-2")),
                // Peers on one host share a session: not tracked (MSL-1), enumerated (MSL-2) or removed (MSL-3) apart.
                Arguments.of(HostKeyedSessionsSut.class, Set.of("MSL-1", "MSL-2", "MSL-3")),
                // A live peer that came back after a removal loses its session: the active one must stay healthy (MSL-2).
                Arguments.of(RemovalKeepsDeadlineSut.class, Set.of("MSL-2")),
                // Live peers evicted when the resume window ends: the active one must stay healthy (MSL-2).
                Arguments.of(EvictsLivePeersSut.class, Set.of("MSL-2")),
                // Deadlines in 32-bit ints: past 2^31 ms timeouts (NSL-2), reconnects (NSL-3) and evictions fire at
                // once, so a peer that timed out loses its session long before its resume window (MSL-2).
                Arguments.of(IntDeadlinesSut.class, Set.of("MSL-2", "NSL-2", "NSL-3")),
                // RTT and tick cached until the next transition: a heartbeat answer's RTT and tick never show (NSL-2).
                Arguments.of(StaleSnapshotSut.class, Set.of("NSL-2")),
                // The client never evaluates: no client timeout (NSL-2), no reconnect (NSL-3), no client flow (PRO-1).
                Arguments.of(ClientIgnoresTimeRulesSut.class, Set.of("NSL-2", "NSL-3", "PRO-1")));
    }

    @ParameterizedTest(name = "{0} fails exactly {1}, in process")
    @MethodSource("controls")
    void inProcess(Class<?> control, Set<String> broken) {
        check(control, broken, "class:" + control.getName(), "100", "in-process");
    }

    @ParameterizedTest(name = "{0} fails exactly {1}, through the driver")
    @MethodSource("driverControls")
    void throughTheDriver(Class<?> control, Set<String> broken) {
        String driver = "process:{java} -cp {classpath} dev.peerlife.conformance.driver.SutDriver class:" + control.getName();
        check(control, broken, driver, "20", "driver");
    }

    private static void check(Class<?> control, Set<String> broken, String sut, String tries, String mode) {
        String name = control.getSimpleName() + "-" + mode;
        SuiteRun scenarios = SuiteRun.against(sut, "features", "negative-" + name, Map.of());
        Set<String> byScenarios = normative(scenarios.failedIds());
        assertEquals(new TreeSet<>(broken), byScenarios, control.getSimpleName() + " (" + mode
                + "): the scenarios alone must catch exactly the broken IDs, whatever the property seed:"
                + scenarios.failureMessages());
        for (String seed : SEEDS) {
            Map<String, String> props = new HashMap<>(Map.of("peerlife.tries", tries, "peerlife.seed", seed));
            if (control != RemovalResetsOthersSut.class) {
                props.put("peerlife.shrinking", "off");
            }
            PropertyRun properties = PropertyRun.against(sut, "negative-" + name + "-" + seed, props, PropertyRun.NORMATIVE);
            Set<String> failed = new TreeSet<>(byScenarios);
            failed.addAll(normative(properties.blamedIds()));
            assertEquals(new TreeSet<>(broken), failed, control.getSimpleName() + " (" + mode + ", seed " + seed + "):"
                    + properties.describe());
            properties.failures().forEach((property, blamed) -> assertTrue(broken.containsAll(normative(blamed)),
                    property + " failed on " + blamed + ", which " + control.getSimpleName() + " does not break"));
            if (control == RemovalResetsOthersSut.class) {
                // One broken requirement, one failing property: shrinking and tries of one property never
                // reach the instance the next property uses.
                assertEquals(Set.of("msl3_removingOnePeerChangesNoOther"), properties.failures().keySet(), properties.describe());
            }
            System.out.printf("negative control %s (%s, seed %s): NOT CONFORMANT on %s; %d scenario(s) and properties %s failed%n",
                    control.getSimpleName(), mode, seed, failed, scenarios.failed().size(), properties.failures().keySet());
        }
    }

    private static Set<String> normative(Set<String> ids) {
        Set<String> out = new TreeSet<>(ids);
        out.removeIf(id -> !CATALOGUE.isNormative(id));
        return out;
    }
}
