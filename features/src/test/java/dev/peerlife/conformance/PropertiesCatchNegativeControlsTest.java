package dev.peerlife.conformance;

import dev.peerlife.conformance.controls.LoginOnConnectSut;
import dev.peerlife.conformance.controls.RemovalResetsOthersSut;
import dev.peerlife.conformance.controls.SharedStateSut;
import dev.peerlife.conformance.controls.StopLeavesSessionsSut;
import dev.peerlife.conformance.controls.TimeoutHitsEveryoneSut;
import dev.peerlife.conformance.controls.UnvalidatedPolicySut;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Each negative control of the conformance suite is caught by at least one property too. */
class PropertiesCatchNegativeControlsTest {

    @ParameterizedTest
    @ValueSource(classes = {SharedStateSut.class, RemovalResetsOthersSut.class, StopLeavesSessionsSut.class,
            TimeoutHitsEveryoneSut.class, LoginOnConnectSut.class, UnvalidatedPolicySut.class})
    void atLeastOnePropertyFailsOnTheControl(Class<?> control) {
        String previous = System.getProperty("sut");
        System.setProperty("sut", "class:" + control.getName());
        System.setProperty("peerlife.tries", "200");
        System.setProperty("peerlife.shrinking", "off");
        EngineExecutionResults results;
        try {
            results = EngineTestKit.engine("jqwik")
                    .configurationParameter("jqwik.database", "target/jqwik-controls.database")
                    .selectors(selectClass("dev.peerlife.conformance.properties.LifecycleProperties"))
                    .execute();
        } finally {
            System.clearProperty("peerlife.tries");
            System.clearProperty("peerlife.shrinking");
            if (previous == null) {
                System.clearProperty("sut");
            } else {
                System.setProperty("sut", previous);
            }
        }
        List<String> failed = results.testEvents().failed().list().stream()
                .map(e -> e.getTestDescriptor().getDisplayName()).toList();
        System.out.printf("properties failing on %s: %s%n", control.getSimpleName(), failed);
        assertTrue(!failed.isEmpty(), "no property caught " + control.getSimpleName());
    }
}
