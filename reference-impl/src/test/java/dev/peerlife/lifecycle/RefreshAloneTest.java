package dev.peerlife.lifecycle;

import dev.peerlife.testing.Gate;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.testing.RecordingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.peerlife.lifecycle.LifecycleEventKind.HEARTBEAT_RECEIVED;
import static dev.peerlife.lifecycle.LifecycleEventKind.LOGIN_SUCCEEDED;
import static dev.peerlife.lifecycle.LifecycleEventKind.TIMED_OUT;
import static dev.peerlife.lifecycle.LifecycleEventKind.TRANSPORT_CONNECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A heartbeat answer or other inbound activity for a live session takes only that session's
 * monitor when it moves no deadline earlier (docs/threading.md). These tests check that such a
 * refresh does not wait for the coordinator's lock, and that refreshes racing with evaluation,
 * removal and re-creation neither lose a deadline nor time out a session early.
 */
class RefreshAloneTest {

    private static final PeerId ALICE = PeerId.of("alice");
    private static final PeerId BOB = PeerId.of("bob");

    private final ManualClock clock = new ManualClock(10_000);
    private final RecordingListener recorder = new RecordingListener();

    @AfterEach
    void chainsAreConsistent() {
        recorder.assertChainsConsistent();
    }

    private static void logIn(MultiSessionManager manager, PeerId peer) {
        manager.onTransportConnected(peer);
        manager.onLoginStarted(peer);
        manager.onLoginSucceeded(peer);
    }

    /**
     * The coordinator's lock is held, for as long as the test wants, by a thread creating Bob's
     * session (the clock-sync factory runs under it). Alice's heartbeat answer and inbound activity
     * complete meanwhile, and her session shows them afterwards.
     */
    @Test
    void aLiveSessionsHeartbeatDoesNotWaitForAnotherPeersSessionToBeCreated() throws Exception {
        Gate inFactory = new Gate();
        MultiSessionManager manager = MultiSessionManager.builder().clock(clock).resumeGraceMs(30_000)
                .clockSync(() -> {
                    inFactory.pass();
                    return ClockSync.lastSampleWins();
                }).build();
        manager.addListener(recorder);
        logIn(manager, ALICE);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            inFactory.arm();
            Future<Boolean> bob = pool.submit(() -> manager.onTransportConnected(BOB));
            assertTrue(inFactory.awaitReached(), "Bob's session creation did not start");
            clock.advance(500);
            Future<Boolean> alice = pool.submit(() -> manager.onHeartbeatReceived(ALICE, 77)
                    && manager.onInboundActivity(ALICE));
            boolean done;
            try {
                done = alice.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                done = false;
                fail("Alice's heartbeat waited for the lock held by Bob's session creation");
            } finally {
                inFactory.release();
            }
            assertTrue(done, "Alice's heartbeat and activity are accepted");
            assertTrue(bob.get(10, TimeUnit.SECONDS));
        } finally {
            inFactory.release();
            pool.shutdownNow();
        }
        SessionSnapshot alice = manager.lookup(ALICE).orElseThrow();
        assertEquals(SessionState.LOGGED_IN, alice.state());
        assertEquals(10_500, alice.lastLivenessMs());
        assertEquals(OptionalLong.of(77), alice.lastServerTick());
        assertEquals(List.of(TRANSPORT_CONNECTED, LifecycleEventKind.LOGIN_STARTED, LOGIN_SUCCEEDED, HEARTBEAT_RECEIVED),
                recorder.kindsOf(ALICE));
        assertEquals(List.of(TRANSPORT_CONNECTED), recorder.kindsOf(BOB));
    }

    /**
     * A listener may call back into the coordinator (docs/threading.md): on Alice's heartbeat event
     * it looks her session up from another thread and waits for the answer. A refresh that drained
     * the events while still holding Alice's monitor would keep that lookup waiting.
     */
    @Test
    void aListenerCalledAfterARefreshCanLookUpThatSessionFromAnotherThread() throws Exception {
        MultiSessionManager manager = MultiSessionManager.builder().clock(clock).resumeGraceMs(30_000).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        List<String> problems = new ArrayList<>();
        manager.addListener(new SessionListener() {
            @Override
            public void onEvent(SessionEvent event) {
                if (event.peer().equals(ALICE) && event.event().kind() == HEARTBEAT_RECEIVED) {
                    Future<Optional<SessionSnapshot>> lookup = pool.submit(() -> manager.lookup(ALICE));
                    try {
                        lookup.get(10, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        problems.add("a lookup of Alice from another thread waited for the heartbeat's listener");
                    } catch (InterruptedException | ExecutionException e) {
                        problems.add(e.toString());
                    }
                }
            }
        });
        try {
            logIn(manager, ALICE);
            clock.advance(100);
            assertTrue(manager.onHeartbeatReceived(ALICE, 1));
            assertEquals(List.of(), problems);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Removing every session reads the clock for each session under that session's monitor: a
     * heartbeat for Bob taken without the lock while the removal is busy with Alice comes before
     * Bob's Disconnected, in time as in order.
     */
    @Test
    void removingEverySessionTimesEachRemovalAfterThatSessionsLastEvent() throws Exception {
        Gate inRemoval = new Gate();
        MultiSessionManager manager = MultiSessionManager.builder().clock(clock).resumeGraceMs(30_000)
                .clockSync(() -> new ClockSync() {
                    private final ClockSync inner = ClockSync.lastSampleWins();

                    @Override
                    public boolean observe(long serverTick, long nowMs) {
                        return inner.observe(serverTick, nowMs);
                    }

                    @Override
                    public OptionalLong serverTick() {
                        inRemoval.pass();
                        return inner.serverTick();
                    }
                }).build();
        manager.addListener(recorder);
        logIn(manager, ALICE);
        logIn(manager, BOB);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            inRemoval.arm();
            Future<Integer> removal = pool.submit(() -> manager.removeAll("stopping"));
            assertTrue(inRemoval.awaitReached(), "the removal did not reach Alice");
            clock.advance(10);
            assertTrue(manager.onHeartbeatReceived(BOB, 1), "Bob's heartbeat is taken while Alice is being removed");
            inRemoval.release();
            assertEquals(2, removal.get(10, TimeUnit.SECONDS));
        } finally {
            inRemoval.release();
            pool.shutdownNow();
        }
        List<LifecycleEvent> bob = recorder.eventsOf(BOB);
        assertEquals(List.of(TRANSPORT_CONNECTED, LifecycleEventKind.LOGIN_STARTED, LOGIN_SUCCEEDED, HEARTBEAT_RECEIVED,
                LifecycleEventKind.DISCONNECTED), recorder.kindsOf(BOB));
        assertTrue(bob.get(4).timeMs() >= bob.get(3).timeMs(), "Bob's events out of time order: " + bob);
    }

    /** The paths that must still take the lock do: a refresh of a session that is not live. */
    @Test
    void aHeartbeatForASessionThatIsNotLiveIsStillRefused() {
        MultiSessionManager manager = MultiSessionManager.builder().clock(clock).resumeGraceMs(30_000).build();
        manager.addListener(recorder);
        logIn(manager, ALICE);
        clock.advance(SessionPolicy.defaults().heartbeatTimeoutMs());
        manager.evaluate();
        assertFalse(manager.lookup(ALICE).orElseThrow().state().isLive());
        assertFalse(manager.onHeartbeatReceived(ALICE, 1));
        assertFalse(manager.onInboundActivity(ALICE));
        assertEquals(OptionalLong.empty(), manager.lookup(ALICE).orElseThrow().lastServerTick());
        manager.remove(ALICE, "gone");
        assertFalse(manager.onHeartbeatReceived(ALICE, 2));
        assertEquals(1, manager.inputsForUnknownPeers());
    }

    /**
     * Two threads answer heartbeats for 32 peers while a third moves the clock and evaluates, and a
     * fourth removes peers and logs them in again. Afterwards: no session timed out less than the
     * timeout after its last liveness (no early timeout), and once every peer falls silent for the
     * timeout, every live session times out (no deadline lost from the index); each peer's events are
 * in time order. The clock steps come
     * from a seed, printed on failure; thread interleavings are not replayable.
     */
    @Test
    void refreshesRacingWithEvaluationAndRemovalLoseNoDeadlineAndTimeOutNoSessionEarly() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        SessionPolicy policy = SessionPolicy.builder().heartbeatIntervalMs(20).heartbeatTimeoutMs(100).build();
        MultiSessionManager manager = MultiSessionManager.builder().policy(policy).clock(clock).resumeGraceMs(300).build();
        manager.addListener(recorder);
        // Inbound activity refreshes liveness without an event; the snapshot of a timeout shows it.
        List<SessionSnapshot> earlyTimeouts = new CopyOnWriteArrayList<>();
        manager.addSnapshotSink(s -> {
            if (s.state() == SessionState.TIMED_OUT && s.stateSinceMs() - s.lastLivenessMs() < policy.heartbeatTimeoutMs()) {
                earlyTimeouts.add(s);
            }
        });
        int peers = 32;
        for (int i = 0; i < peers; i++) {
            logIn(manager, peer(i));
        }
        int rounds = 20_000;
        long[] steps = new long[2_000];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = random.nextInt(40);
        }
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int first = t;
            futures.add(pool.submit(() -> {
                go.await();
                for (int r = 0; r < rounds; r++) {
                    PeerId peer = peer((first + 2 * r) % peers);
                    if (r % 5 == 0) {
                        manager.onInboundActivity(peer);
                    } else {
                        manager.onHeartbeatReceived(peer, r);
                    }
                }
                return null;
            }));
        }
        futures.add(pool.submit(() -> {
            go.await();
            for (long step : steps) {
                clock.advance(step);
                manager.evaluate();
            }
            return null;
        }));
        futures.add(pool.submit(() -> {
            go.await();
            for (int r = 0; !done.get() && r < 5_000; r++) {
                PeerId peer = peer(r % peers);
                if (r % 3 == 0) {
                    manager.remove(peer, "churn");
                }
                SessionState state = manager.lookup(peer).map(SessionSnapshot::state).orElse(SessionState.DISCONNECTED);
                if (!state.isLive()) {
                    logIn(manager, peer);
                }
            }
            return null;
        }));
        go.countDown();
        try {
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        String replay = " (seed " + seed + ")";
        assertEquals(List.of(), earlyTimeouts, "sessions timed out less than the timeout after their liveness" + replay);
        for (int i = 0; i < peers; i++) {
            long liveSince = Long.MIN_VALUE;
            long last = Long.MIN_VALUE;
            List<LifecycleEvent> events = recorder.eventsOf(peer(i));
            for (LifecycleEvent e : events) {
                assertTrue(e.timeMs() >= last, peer(i) + ": " + e + " is timed before the event it follows, at " + last
                        + replay + "; its events: " + events);
                last = e.timeMs();
                if (e.kind() == TIMED_OUT) {
                    assertTrue(e.timeMs() - liveSince >= policy.heartbeatTimeoutMs(),
                            peer(i) + " timed out at " + e.timeMs() + ", less than the timeout after its liveness at "
                                    + liveSince + replay + "; its events: " + events + "; removals: " + recorder.removals());
                }
                if (e.kind() == HEARTBEAT_RECEIVED || e.kind() == LOGIN_SUCCEEDED || e.kind() == TRANSPORT_CONNECTED) {
                    liveSince = e.timeMs();
                }
            }
        }
        clock.advance(policy.heartbeatTimeoutMs());
        manager.evaluate();
        for (SessionSnapshot s : manager.sessions()) {
            assertFalse(s.state().isLive(), s + " stayed live past its timeout: its deadline was lost" + replay);
        }
    }

    private static PeerId peer(int i) {
        return PeerId.of("p" + i);
    }
}
