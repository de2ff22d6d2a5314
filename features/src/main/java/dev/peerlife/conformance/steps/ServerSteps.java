package dev.peerlife.conformance.steps;

import dev.peerlife.conformance.spi.LaneStatus;
import dev.peerlife.conformance.spi.PolicySpec;
import dev.peerlife.conformance.spi.ServerSpec;
import dev.peerlife.conformance.spi.SutException;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.List;

import static dev.peerlife.conformance.steps.World.check;
import static dev.peerlife.conformance.steps.World.ints;

/** Starting and stopping the server through its runtime entry point, and its transport lanes. */
public class ServerSteps {

    private final World world;

    public ServerSteps(World world) {
        this.world = world;
    }

    // ---------------------------------------------------------------- start and stop

    @Given("a server started through its runtime entry point with the default policy")
    public void aServerWithDefaults() {
        world.start(ServerSpec.defaults());
    }

    @Given("^a server started through its runtime entry point handling message types? ([\\d, ]+)$")
    public void aServerHandling(String types) {
        world.start(ServerSpec.defaults().withHandledTypes(ints(types)));
    }

    @Given("^a server started through its runtime entry point with queued dispatch handling message types? ([\\d, ]+)$")
    public void aQueuedServer(String types) {
        world.start(ServerSpec.defaults().withQueuedDispatch(true).withHandledTypes(ints(types)));
    }

    @Given("^a server started through its runtime entry point with a sync lane(?:, handling message types? ([\\d, ]+))?$")
    public void aServerWithSyncLane(String types) {
        world.start(ServerSpec.defaults().withSyncPort(7001).withHandledTypes(types == null ? List.of() : ints(types)));
    }

    @Given("^a server started through its runtime entry point with heartbeat interval (\\d+) ms, timeout (\\d+) ms, reconnect delay (\\d+) ms, auto-reconnect (on|off) and a resume window of (\\d+) ms$")
    public void aServerWithPolicyAndWindow(long interval, long timeout, long delay, String auto, long windowMs) {
        world.start(ServerSpec.defaults().withPolicy(new PolicySpec(interval, timeout, delay, auto.equals("on")))
                .withResumeGraceMs(windowMs));
    }

    @When("the server is restarted")
    public void restartSame() {
        world.restart(world.serverSpec);
    }

    @Given("^the server is restarted with a limit of (\\d+) peers?$")
    public void restartWithLimit(int max) {
        world.restart(world.serverSpec.withMaxPeers(max));
    }

    @Given("^the server is restarted with heartbeat interval (\\d+) ms, timeout (\\d+) ms, reconnect delay (\\d+) ms and auto-reconnect (on|off)$")
    public void restartWithPolicy(long interval, long timeout, long delay, String auto) {
        world.restart(world.serverSpec.withPolicy(new PolicySpec(interval, timeout, delay, auto.equals("on"))));
    }

    @Given("the server is restarted without a policy")
    public void restartWithoutPolicy() {
        world.restart(world.serverSpec.withPolicy(null));
    }

    @Given("the server is restarted keeping sessions that left the live states for {int} seconds before evicting them")
    public void restartWithResumeWindow(int seconds) {
        world.restart(world.serverSpec.withResumeGraceMs(seconds * 1_000L));
    }

    @When("^a server is started with (\\w+) set to (-?\\d+)$")
    public void startWithField(String field, long value) {
        world.stop();
        PolicySpec p = PolicySpec.defaults();
        ServerSpec spec = ServerSpec.defaults();
        spec = switch (field) {
            case "heartbeatIntervalMs" -> spec.withPolicy(new PolicySpec(value, p.heartbeatTimeoutMs(), p.reconnectDelayMs(), p.autoReconnect()));
            case "heartbeatTimeoutMs" -> spec.withPolicy(new PolicySpec(p.heartbeatIntervalMs(), value, p.reconnectDelayMs(), p.autoReconnect()));
            case "reconnectDelayMs" -> spec.withPolicy(new PolicySpec(p.heartbeatIntervalMs(), p.heartbeatTimeoutMs(), value, p.autoReconnect()));
            case "reliablePort" -> spec.withReliablePort((int) value);
            case "syncPort" -> spec.withSyncPort((int) value);
            case "maxPeers" -> spec.withMaxPeers((int) value);
            default -> throw new IllegalArgumentException("the suite knows no field " + field);
        };
        world.tryStart(spec);
    }

    @When("a server is started with a sync lane whose transport fails to start")
    public void startWithFailingSync() {
        world.tryStart(ServerSpec.defaults().withSyncPort(7001).withFailSyncStart(true));
    }

    @When("a second server is started with the default policy")
    public void secondStart() {
        try {
            world.sut.startServer(ServerSpec.defaults());
            world.startFailure = null;
        } catch (SutException e) {
            world.startFailure = e;
        }
    }

    @When("the server is stopped")
    public void stopServer() {
        world.stop();
    }

    // ---------------------------------------------------------------- start results

    @Then("the start is rejected naming the field {string}")
    public void startRejected(String field) {
        SutException failure = world.startFailure;
        check(failure != null, "the start succeeded; expected a rejection naming " + field);
        check(failure.kind() == SutException.Kind.REJECTED,
                "the start failed as " + failure.kind() + " (" + failure.getMessage() + "), not as a rejection of " + field);
        check(field.equals(failure.field()), "the rejection names the field '" + failure.field()
                + "', expected '" + field + "': " + failure.getMessage());
    }

    @Then("the start fails with the implementation's own failure, not a configuration rejection")
    public void startFailed() {
        SutException failure = world.startFailure;
        check(failure != null, "the start succeeded");
        check(failure.kind() == SutException.Kind.FAILED, "expected the implementation's own failure (FAILED), got "
                + failure.kind() + ": " + failure.getMessage());
        check(failure.getMessage() != null && !failure.getMessage().isBlank(), "the failure has no message");
    }

    @Then("the start fails")
    public void startFails() {
        check(world.startFailure != null, "the start succeeded");
    }

    @Then("no server is running")
    public void noServerRunning() {
        check(!world.sut.serverStatus().running(), "a server is running");
    }

    @Then("the server is running")
    public void serverRunning() {
        check(world.sut.serverStatus().running(), "the server is not running");
    }

    @Then("the server is not running")
    public void serverNotRunning() {
        noServerRunning();
    }

    @Then("the hosted server exposes its multi-session coordinator")
    public void exposesCoordinator() {
        check(world.sut.serverStatus().exposesCoordinator(), "the started host does not expose its multi-session coordinator");
    }

    // ---------------------------------------------------------------- lanes

    @Then("no transport was started")
    public void noTransportStarted() {
        for (LaneStatus lane : world.sut.serverStatus().lanes()) {
            check(lane.starts() == 0, "the " + lane.lane() + " lane was started " + lane.starts() + " time(s)");
        }
    }

    @Then("no lane is running")
    public void noLaneRunning() {
        for (LaneStatus lane : world.sut.serverStatus().lanes()) {
            check(!lane.running(), "the " + lane.lane() + " lane is running: " + lane);
        }
    }

    @Then("^the (reliable|sync) lane was started once and is running$")
    public void laneRunning(String name) {
        LaneStatus lane = world.lane(name);
        check(lane.starts() == 1 && lane.running(), "the " + name + " lane: " + lane);
    }

    @Then("^the (reliable|sync) lane was started once and stopped once and is not running$")
    public void laneRolledBack(String name) {
        LaneStatus lane = world.lane(name);
        check(lane.starts() == 1 && lane.stops() == 1 && !lane.running(), "the " + name + " lane: " + lane);
    }

    @Then("^the (reliable|sync) lane was stopped and is not running$")
    public void laneStopped(String name) {
        LaneStatus lane = world.lane(name);
        check(lane.stops() >= 1 && !lane.running(), "the " + name + " lane: " + lane);
    }

    @Then("there is no sync lane")
    public void noSyncLane() {
        check(world.sut.serverStatus().lane("sync") == null, "a sync lane exists: " + world.sut.serverStatus().lane("sync"));
    }

    @Then("the reliable lane and the sync lane are running")
    public void bothLanesRunning() {
        check(world.lane("reliable").running() && world.lane("sync").running(), "lanes: " + world.sut.serverStatus().lanes());
    }

    @Then("^the (reliable|sync) lane received (\\d+) frames?$")
    public void laneFrames(String name, long frames) {
        check(world.lane(name).framesReceived() == frames, "the " + name + " lane: " + world.lane(name));
    }
}
