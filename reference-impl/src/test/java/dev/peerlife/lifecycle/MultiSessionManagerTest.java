package dev.peerlife.lifecycle;

import dev.peerlife.testing.ManualClock;
import dev.peerlife.testing.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.peerlife.lifecycle.LifecycleEventKind.DISCONNECTED;
import static dev.peerlife.lifecycle.LifecycleEventKind.LOGIN_SUCCEEDED;
import static dev.peerlife.lifecycle.LifecycleEventKind.RECONNECT_SCHEDULED;
import static dev.peerlife.lifecycle.LifecycleEventKind.RECONNECT_STARTED;
import static dev.peerlife.lifecycle.LifecycleEventKind.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiSessionManagerTest {

    private static final PeerId ALICE = PeerId.of("alice");
    private static final PeerId BOB = PeerId.of("bob");
    private static final PeerId CAROL = PeerId.of("carol");

    private final ManualClock clock = new ManualClock(50_000);
    private final RecordingListener recorder = new RecordingListener();

    private MultiSessionManager manager(SessionPolicy policy, long resumeGraceMs) {
        MultiSessionManager manager = MultiSessionManager.builder().policy(policy).clock(clock)
                .resumeGraceMs(resumeGraceMs).build();
        manager.addListener(recorder);
        return manager;
    }

    private static void logIn(MultiSessionManager manager, PeerId peer) {
        manager.onTransportConnected(peer);
        manager.onLoginStarted(peer);
        manager.onLoginSucceeded(peer);
    }

    private static SessionState stateOf(MultiSessionManager manager, PeerId peer) {
        return manager.lookup(peer).orElseThrow(() -> new AssertionError("no session for " + peer)).state();
    }

    @AfterEach
    void chainsAreConsistent() {
        recorder.assertChainsConsistent();
    }

    @Test
    void msl1_twoPeersAreTrackedAsTwoDistinctSessions() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        logIn(manager, ALICE);
        manager.onTransportConnected(BOB);
        manager.onLoginStarted(BOB);
        manager.onLoginFailed(BOB, "banned");

        assertEquals(2, manager.size());
        assertEquals(SessionState.LOGGED_IN, stateOf(manager, ALICE));
        assertEquals(SessionState.LOGIN_FAILED, stateOf(manager, BOB));
        assertTrue(manager.lookup(ALICE).orElseThrow().lastFailureReason().isEmpty(),
                "bob's failure reason does not leak into alice's session");
        assertEquals("banned", manager.lookup(BOB).orElseThrow().lastFailureReason().orElseThrow());
    }

    @Test
    void msl1_activityFromAKnownPeerResolvesItsExistingSession() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        logIn(manager, ALICE);
        clock.advance(10);
        manager.onTransportActivity(ALICE);
        assertEquals(1, manager.size());
        assertEquals(SessionState.LOGGED_IN, stateOf(manager, ALICE));
        assertEquals(clock.nowMs(), manager.lookup(ALICE).orElseThrow().lastLivenessMs());
    }

    @Test
    void msl2_timeoutAffectsOnlyTheSilentSession() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        logIn(manager, ALICE);
        logIn(manager, BOB);
        for (int second = 1; second <= 7; second++) {
            clock.advance(1_000);
            manager.onHeartbeatReceived(BOB);
            manager.evaluate();
        }
        // Timed out at 6 s, scheduled at once, reconnect started 1 s later.
        assertEquals(SessionState.RECONNECTING, stateOf(manager, ALICE));
        assertEquals(SessionState.LOGGED_IN, stateOf(manager, BOB));
        assertEquals(List.of(TIMED_OUT, RECONNECT_SCHEDULED, RECONNECT_STARTED),
                recorder.kindsOf(ALICE).subList(3, 6));
        assertFalse(recorder.kindsOf(BOB).contains(TIMED_OUT));
    }

    @Test
    void msl2_inboundMessageActivityAlsoKeepsASessionHealthy() {
        MultiSessionManager manager = manager(SessionPolicy.defaults().withAutoReconnect(false), 0);
        logIn(manager, ALICE);
        logIn(manager, BOB);
        for (int second = 1; second <= 7; second++) {
            clock.advance(1_000);
            manager.onInboundActivity(BOB);
            manager.evaluate();
        }
        assertEquals(SessionState.TIMED_OUT, stateOf(manager, ALICE));
        assertEquals(SessionState.LOGGED_IN, stateOf(manager, BOB));
    }

    @Test
    void msl2_hostCanLookUpAndEnumerateEachPeersOwnState() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        logIn(manager, CAROL);
        manager.onTransportConnected(ALICE);
        logIn(manager, BOB);
        clock.advance(100);
        manager.onHeartbeatSent(BOB);
        clock.advance(20);
        manager.onHeartbeatReceived(BOB, 77);

        List<SessionSnapshot> all = manager.sessions();
        assertEquals(List.of(ALICE, BOB, CAROL), all.stream().map(SessionSnapshot::peer).toList());
        assertEquals(SessionState.TRANSPORT_CONNECTED, all.get(0).state());
        assertEquals(SessionState.LOGGED_IN, all.get(1).state());
        assertEquals(20, all.get(1).rttMs().getAsLong());
        assertEquals(77, all.get(1).lastServerTick().getAsLong());
        assertTrue(all.get(2).rttMs().isEmpty());
        assertTrue(manager.lookup(PeerId.of("dave")).isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> all.remove(0), "a snapshot, not a live view");
    }

    @Test
    void msl3_removingOnePeerLeavesTheOthersQueryableWithTheirState() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        logIn(manager, ALICE);
        manager.onTransportConnected(BOB);
        manager.onLoginStarted(BOB);
        SessionSnapshot bobBefore = manager.lookup(BOB).orElseThrow();

        assertTrue(manager.remove(ALICE, "kicked"));

        assertTrue(manager.lookup(ALICE).isEmpty());
        assertEquals(bobBefore, manager.lookup(BOB).orElseThrow());
        assertEquals(DISCONNECTED, recorder.kindsOf(ALICE).get(recorder.kindsOf(ALICE).size() - 1));
        assertEquals("kicked", recorder.removals().get(0).reason());
        assertEquals(ALICE, recorder.removals().get(0).peer());
        assertFalse(manager.remove(ALICE, "again"));
    }

    @Test
    void msl3_aTransportDisconnectChangesOnlyThatPeer() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        logIn(manager, ALICE);
        logIn(manager, BOB);
        manager.onTransportDisconnected(ALICE, "connection reset");
        assertEquals(SessionState.DISCONNECTED, stateOf(manager, ALICE));
        assertEquals(SessionState.LOGGED_IN, stateOf(manager, BOB));
        assertEquals(List.of(), recorder.eventsOf(BOB).stream()
                .filter(e -> e.kind() == DISCONNECTED).toList());
    }

    @Test
    void msl4_removeAllClearsEverySession() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        logIn(manager, ALICE);
        logIn(manager, BOB);
        assertEquals(2, manager.removeAll("shutdown"));
        assertEquals(0, manager.size());
        assertEquals(2, recorder.removals().size());
        assertEquals(Long.MAX_VALUE, manager.evaluate());
    }

    @Test
    void pro3_everyEventNamesThePeerItBelongsTo() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        logIn(manager, ALICE);
        logIn(manager, BOB);
        assertEquals(List.of(ALICE, ALICE, ALICE, BOB, BOB, BOB),
                recorder.events().stream().map(SessionEvent::peer).toList());
        assertEquals(LOGIN_SUCCEEDED, recorder.kindsOf(BOB).get(2));
    }

    @Test
    void inputsForAnUnknownPeerCreateNothing() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        assertFalse(manager.onLoginSucceeded(ALICE));
        assertFalse(manager.onHeartbeatReceived(ALICE));
        assertEquals(0, manager.size());
        assertEquals(2, manager.inputsForUnknownPeers());
    }

    /**
     * Runs a host loop that sleeps exactly as long as {@code evaluate} says, until {@code peer}
     * times out; returns how many wakeups that took and checks no answer overshot the deadline.
     */
    private int sleepUntilTimeout(MultiSessionManager manager, PeerId peer, long deadlineMs) {
        int wakeups = 0;
        while (manager.lookup(peer).orElseThrow().state().isLive()) {
            long delay = manager.evaluate();
            if (!manager.lookup(peer).orElseThrow().state().isLive()) {
                break;
            }
            assertTrue(clock.nowMs() + delay - deadlineMs <= 0,
                    "woke too late: now " + clock.nowMs() + " + " + delay + " passes " + deadlineMs);
            clock.advance(delay);
            wakeups++;
        }
        return wakeups;
    }

    @Test
    void theNextDeadlineIsNeverLateAndALoopSleepingOnItFiresEachTimeoutExactly() {
        MultiSessionManager manager = manager(SessionPolicy.defaults().withAutoReconnect(false), 0);
        long start = clock.nowMs();
        logIn(manager, ALICE);
        clock.advance(2_000);
        logIn(manager, BOB);
        clock.advance(1_000);
        manager.onHeartbeatReceived(ALICE); // alice's deadline moves to start + 9000, later than bob's

        int wakeups = sleepUntilTimeout(manager, BOB, start + 8_000);
        assertEquals(start + 8_000, recorder.eventsOf(BOB).get(3).timeMs(), "bob timed out at his deadline");
        assertEquals(SessionState.LOGGED_IN, stateOf(manager, ALICE));
        wakeups += sleepUntilTimeout(manager, ALICE, start + 9_000);
        assertEquals(start + 9_000, recorder.eventsOf(ALICE).get(4).timeMs(), "alice timed out at hers");
        assertTrue(wakeups <= 8, "a few wakeups per deadline, not a poll: " + wakeups);
        assertEquals(Long.MAX_VALUE, manager.millisUntilNextDeadline());
    }

    @Test
    void serverReconnect_aPeerThatComesBackWithinTheResumeWindowKeepsItsSession() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 10_000);
        logIn(manager, ALICE);
        clock.advance(6_000);
        manager.evaluate();
        assertEquals(SessionState.RECONNECT_PENDING, stateOf(manager, ALICE));
        clock.advance(9_999);
        manager.evaluate();
        assertTrue(manager.onTransportActivity(ALICE));
        assertEquals(SessionState.TRANSPORT_CONNECTED, stateOf(manager, ALICE));
        clock.advance(60_000);
        manager.onHeartbeatReceived(ALICE);
        assertTrue(manager.lookup(ALICE).isPresent());
    }

    @Test
    void serverReconnect_aPeerThatDoesNotComeBackIsEvictedWithAReason() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 10_000);
        logIn(manager, ALICE);
        logIn(manager, BOB);
        manager.onTransportDisconnected(ALICE, "connection reset");
        for (int i = 0; i < 10; i++) {
            clock.advance(1_000);
            manager.onHeartbeatReceived(BOB);
            manager.evaluate();
        }
        assertTrue(manager.lookup(ALICE).isEmpty());
        assertEquals(SessionState.LOGGED_IN, stateOf(manager, BOB));
        SessionRemoved removed = recorder.removals().get(0);
        assertEquals(ALICE, removed.peer());
        assertTrue(removed.reason().contains("resume window of 10000 ms expired"), removed.reason());
        assertEquals(SessionState.DISCONNECTED, removed.last().state());
    }

    @Test
    void evaluationWorksAcrossAClockThatWraps() {
        clock.set(Long.MAX_VALUE - 500);
        MultiSessionManager manager = manager(SessionPolicy.defaults().withAutoReconnect(false), 0);
        logIn(manager, ALICE);
        clock.advance(3_000);
        logIn(manager, BOB);
        clock.advance(3_000);
        manager.evaluate();
        assertEquals(SessionState.TIMED_OUT, stateOf(manager, ALICE));
        assertEquals(SessionState.LOGGED_IN, stateOf(manager, BOB));
        long bobDeadline = clock.nowMs() + 3_000;
        sleepUntilTimeout(manager, BOB, bobDeadline);
        assertEquals(bobDeadline, recorder.eventsOf(BOB).get(3).timeMs());
    }

    @Test
    void evaluatingManySessionsTouchesOnlyTheDueOnes() {
        MultiSessionManager manager = manager(SessionPolicy.defaults().withAutoReconnect(false), 0);
        for (int i = 0; i < 1_000; i++) {
            logIn(manager, PeerId.of("p" + i));
            clock.advance(6);
        }
        recorder.clear();
        manager.evaluate();
        // At this point 6 s (1000 x 6 ms) have passed since p0: exactly p0 is due.
        assertEquals(List.of(PeerId.of("p0")), recorder.events().stream().map(SessionEvent::peer).toList());
        assertEquals(6, manager.millisUntilNextDeadline());
    }

    @Test
    void concurrentInputsFromManyThreadsLoseNoSessionAndKeepEachChain() throws Exception {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        int threads = 4;
        int peersPerThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * peersPerThread;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < peersPerThread; i++) {
                    PeerId peer = PeerId.of("t" + (base + i));
                    logIn(manager, peer);
                    manager.onHeartbeatReceived(peer, i);
                }
                return null;
            }));
        }
        futures.add(pool.submit(() -> {
            go.await();
            for (int i = 0; i < 200; i++) {
                manager.evaluate();
                manager.sessions();
            }
            return null;
        }));
        go.countDown();
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(threads * peersPerThread, manager.size());
        for (SessionSnapshot s : manager.sessions()) {
            assertEquals(SessionState.LOGGED_IN, s.state(), s.toString());
        }
        assertEquals(threads * peersPerThread * 4, recorder.events().size());
    }

    @Test
    void builderRejectsANegativeResumeWindowByName() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> MultiSessionManager.builder().resumeGraceMs(-1).build());
        assertEquals("resumeGraceMs", e.field());
    }

    @Test
    void getOrCreateReturnsTheSameSessionEachTime() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        SessionSnapshot first = manager.getOrCreate(ALICE);
        assertEquals(SessionState.DISCONNECTED, first.state());
        manager.onTransportConnected(ALICE);
        assertNotEquals(first.state(), manager.getOrCreate(ALICE).state());
        assertEquals(1, manager.size());
        assertSame(ALICE, manager.getOrCreate(ALICE).peer());
    }

    @Test
    void msl4_aClosedCoordinatorRemovesEverySessionAndCreatesNoNewOne() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        logIn(manager, ALICE);
        assertFalse(manager.isClosed(), "open until close");
        assertEquals(1, manager.close("host stopped"));
        assertTrue(manager.isClosed());
        assertFalse(manager.onTransportConnected(BOB), "no session is created after close");
        assertFalse(manager.onTransportActivity(CAROL));
        assertEquals(0, manager.size());
        assertEquals(2, manager.inputsForUnknownPeers());
        assertThrows(IllegalStateException.class, () -> manager.getOrCreate(BOB));
    }

    @Test
    void onTransportRestoredResumesOrRefreshesAKnownSessionAndNeverCreatesOne() {
        MultiSessionManager manager = manager(SessionPolicy.defaults(), 0);
        assertFalse(manager.onTransportRestored(ALICE));
        assertEquals(0, manager.size());
        manager.getOrCreate(ALICE);
        assertTrue(manager.onTransportRestored(ALICE));
        assertEquals(SessionState.TRANSPORT_CONNECTED, stateOf(manager, ALICE));
        clock.advance(5_000);
        assertTrue(manager.onTransportRestored(ALICE), "a live session's liveness is refreshed");
        clock.advance(5_000);
        manager.evaluate();
        assertEquals(SessionState.TRANSPORT_CONNECTED, stateOf(manager, ALICE));
    }

    @Test
    void heartbeatEventsAreBuiltOnlyForListenersThatWantThem() {
        MultiSessionManager manager = MultiSessionManager.builder().clock(clock).build();
        List<LifecycleEventKind> quiet = new ArrayList<>();
        manager.addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent e) {
                quiet.add(e.event().kind());
            }

            @Override
            public boolean wantsHeartbeatEvents() {
                return false;
            }
        });
        logIn(manager, ALICE);
        manager.onHeartbeatReceived(ALICE, 7);
        assertEquals(List.of(LifecycleEventKind.TRANSPORT_CONNECTED, LifecycleEventKind.LOGIN_STARTED, LOGIN_SUCCEEDED), quiet);
        assertEquals(7, manager.lookup(ALICE).orElseThrow().lastServerTick().getAsLong(), "the heartbeat still counts");
        List<LifecycleEventKind> all = new ArrayList<>();
        manager.addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent e) {
                all.add(e.event().kind());
            }
        });
        manager.onHeartbeatReceived(ALICE, 8);
        assertEquals(3, quiet.size(), "the quiet listener still hears no heartbeat");
        assertEquals(List.of(LifecycleEventKind.HEARTBEAT_RECEIVED), all);
    }
}
