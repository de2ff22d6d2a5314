package dev.peerlife.conformance.steps;

import dev.peerlife.conformance.spi.PeerInput;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;

import static dev.peerlife.conformance.spi.PeerInput.Kind.CONNECT;
import static dev.peerlife.conformance.spi.PeerInput.Kind.DISCONNECT;
import static dev.peerlife.conformance.spi.PeerInput.Kind.HEARTBEAT_RECEIVED;
import static dev.peerlife.conformance.spi.PeerInput.Kind.HEARTBEAT_SENT;
import static dev.peerlife.conformance.spi.PeerInput.Kind.LOGIN_FAILED;
import static dev.peerlife.conformance.spi.PeerInput.Kind.LOGIN_STARTED;
import static dev.peerlife.conformance.spi.PeerInput.Kind.LOGIN_SUCCEEDED;
import static dev.peerlife.conformance.spi.PeerInput.Kind.REMOVE;
import static dev.peerlife.conformance.spi.PeerInput.Kind.SEND;
import static dev.peerlife.conformance.spi.PeerInput.Kind.SEND_SYNC;

/** What happens to the server's remote peers, time passing, and the server evaluating its sessions. */
public class PeerSteps {

    private final World world;

    public PeerSteps(World world) {
        this.world = world;
    }

    // ---------------------------------------------------------------- transport

    @Given("peer {string} connects")
    public void peerConnects(String peer) {
        world.input(PeerInput.of(CONNECT, peer));
    }

    @When("peer {string} disconnects")
    public void peerDisconnects(String peer) {
        world.input(new PeerInput(DISCONNECT, peer, "peer closed the connection", null, null, null));
    }

    @When("^peer \"([^\"]+)\" sends a message of type (\\d+) with payload \"([^\"]*)\"( on the sync lane)?$")
    public void peerSends(String peer, int type, String payload, String syncLane) {
        world.input(new PeerInput(syncLane == null ? SEND : SEND_SYNC, peer, null, null, type, payload));
    }

    @When("the server removes peer {string} because {string}")
    public void removePeer(String peer, String reason) {
        world.input(new PeerInput(REMOVE, peer, reason, null, null, null));
    }

    // ---------------------------------------------------------------- login

    @Given("peer {string} has connected and logged in")
    public void peerConnectedAndLoggedIn(String peer) {
        peerConnects(peer);
        peerLogsIn(peer);
    }

    @When("peer {string} logs in")
    public void peerLogsIn(String peer) {
        world.input(PeerInput.of(LOGIN_STARTED, peer));
        world.input(PeerInput.of(LOGIN_SUCCEEDED, peer));
    }

    @When("peer {string} starts logging in")
    public void peerStartsLogin(String peer) {
        world.input(PeerInput.of(LOGIN_STARTED, peer));
    }

    @When("the login of peer {string} starts without its transport having connected")
    public void loginOfUnknownPeer(String peer) {
        world.input(PeerInput.of(LOGIN_STARTED, peer));
    }

    @When("the login of peer {string} succeeds")
    public void loginSucceeds(String peer) {
        world.input(PeerInput.of(LOGIN_SUCCEEDED, peer));
    }

    @When("the server is told the login of peer {string} succeeded without it having started")
    public void prematureLoginSuccess(String peer) {
        world.input(PeerInput.of(LOGIN_SUCCEEDED, peer));
    }

    @When("the server is told the login of peer {string} failed because {string} without it having started")
    public void prematureLoginFailure(String peer, String reason) {
        world.input(new PeerInput(LOGIN_FAILED, peer, reason, null, null, null));
    }

    @When("the login of peer {string} fails because {string}")
    public void loginFailsAlone(String peer, String reason) {
        world.input(new PeerInput(LOGIN_FAILED, peer, reason, null, null, null));
    }

    @When("peer {string} fails to log in because {string}")
    public void loginFails(String peer, String reason) {
        world.input(PeerInput.of(LOGIN_STARTED, peer));
        world.input(new PeerInput(LOGIN_FAILED, peer, reason, null, null, null));
    }

    // ---------------------------------------------------------------- heartbeats

    @When("the server sends a heartbeat to peer {string}")
    public void heartbeatTo(String peer) {
        world.input(PeerInput.of(HEARTBEAT_SENT, peer));
    }

    @When("^the server receives a heartbeat from peer \"([^\"]+)\"(?: with server tick (-?\\d+))?$")
    public void heartbeatFrom(String peer, Long tick) {
        world.input(new PeerInput(HEARTBEAT_RECEIVED, peer, null, tick, null, null));
    }

    // ---------------------------------------------------------------- time and evaluation

    @When("the server evaluates its sessions")
    public void evaluate() {
        world.evaluate();
    }

    @When("the server evaluates its sessions until they settle")
    public void settle() {
        world.settleServer();
    }

    @When("^(\\d+) (ms|second|seconds) pass(?:es)?( and the server evaluates its sessions)?( until they settle)?$")
    public void timePasses(long amount, String unit, String evaluate, String settle) {
        world.advance(unit.equals("ms") ? amount : amount * 1_000);
        if (evaluate != null && settle != null) {
            world.settleServer();
        } else if (evaluate != null) {
            world.evaluate();
        }
    }

    @When("^(\\d+) seconds pass one by one while only peer \"([^\"]+)\" sends (heartbeats|application messages), the server evaluating each second$")
    public void secondsPassWithOneActivePeer(int seconds, String peer, String what) {
        for (int i = 0; i < seconds; i++) {
            world.advance(1_000);
            if (what.equals("heartbeats")) {
                world.input(new PeerInput(HEARTBEAT_RECEIVED, peer, null, null, null, null));
            } else {
                world.input(new PeerInput(SEND, peer, null, null, 256, "tick " + i));
            }
            world.evaluate();
        }
    }

    @When("^(\\d+) ms pass while peer \"([^\"]+)\" sends a heartbeat every second, the server evaluating each time$")
    public void heartbeatingPeer(long ms, String peer) {
        long left = ms;
        while (left > 0) {
            long step = Math.min(1_000, left);
            world.advance(step);
            left -= step;
            world.input(new PeerInput(HEARTBEAT_RECEIVED, peer, null, null, null, null));
            world.evaluate();
        }
    }

    // ---------------------------------------------------------------- server-side messages

    @When("the server's sessions are enumerated")
    public void enumerate() {
        world.enumeration = world.sut.sessions();
    }

    @When("the host drains its message queue")
    public void drain() {
        world.lastDrain = world.sut.drainServer();
    }

    @When("the server sends peer {string} a message of type {int} with payload {string}")
    public void serverSends(String peer, int type, String payload) {
        world.sut.serverSend(peer, type, payload);
    }
}
