package dev.peerlife.conformance.properties;

import dev.peerlife.lifecycle.LifecycleEvent;
import dev.peerlife.lifecycle.MultiSessionManager;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.lifecycle.SessionSnapshot;
import dev.peerlife.testing.ManualClock;
import dev.peerlife.testing.RecordingListener;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The reference coordinator fed from several threads at once: within each stretch between clock
 * steps, every peer's inputs run on a pool thread while the others run too. Since a peer's inputs
 * touch only that peer, any sequential order gives the same result, so the concurrent run must end
 * exactly as the sequential one: same sessions, none lost or doubled, each peer's events in order,
 * and no exception.
 */
@AddLifecycleHook(PropertyHooks.class)
class ReferenceConcurrencyProperties {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "property-feeder");
        t.setDaemon(true);
        return t;
    });

    @AfterContainer
    static void shutdown() {
        POOL.shutdownNow();
    }

    @Provide
    Arbitrary<History> histories() {
        return Histories.histories();
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    @RequirementIds({"MSL-1", "MSL-2", "PRO-2"})
    void msl1_msl2_pro2_concurrentFeedingEndsAsTheSequentialOrderDoes(@ForAll("histories") History history)
            throws Exception {
        World sequential = new World(history);
        for (Step s : history.effectiveSteps()) {
            sequential.apply(s);
        }
        World concurrent = new World(history);
        List<Step> phase = new ArrayList<>();
        for (Step s : history.effectiveSteps()) {
            if (s.kind().global()) {
                concurrent.runConcurrently(phase);
                phase.clear();
                concurrent.apply(s);
            } else {
                phase.add(s);
            }
        }
        concurrent.runConcurrently(phase);

        List<SessionSnapshot> a = sequential.manager.sessions();
        List<SessionSnapshot> b = concurrent.manager.sessions();
        check(a.equals(b), "sessions differ:\n  sequential " + a + "\n  concurrent " + b);
        for (int i = 0; i < history.peers(); i++) {
            PeerId peer = PeerId.of("p" + i);
            List<LifecycleEvent> x = sequential.recorder.eventsOf(peer);
            List<LifecycleEvent> y = concurrent.recorder.eventsOf(peer);
            check(x.equals(y), peer + " events differ:\n  sequential " + x + "\n  concurrent " + y);
        }
        concurrent.recorder.assertChainsConsistent();
    }

    /** One coordinator with a manual clock and a recorder. */
    private static final class World {
        final ManualClock clock;
        final MultiSessionManager manager;
        final RecordingListener recorder = new RecordingListener();

        /** From the history's clock origin, evicting after its resume window. */
        World(History history) {
            var p = history.policy();
            clock = new ManualClock(history.originMs());
            manager = MultiSessionManager.builder().policy(new SessionPolicy(p.heartbeatIntervalMs(), p.heartbeatTimeoutMs(),
                    p.reconnectDelayMs(), p.autoReconnect())).clock(clock).resumeGraceMs(history.resumeWindowMs()).build();
            manager.addListener(recorder);
        }

        void apply(Step s) {
            PeerId peer = PeerId.of(s.peerName());
            switch (s.kind()) {
                case ADVANCE -> clock.advance(s.amount());
                case EVALUATE -> manager.evaluate();
                case RESTART -> manager.removeAll("host stopped");
                case CONNECT -> manager.onTransportConnected(peer);
                case DISCONNECT -> manager.onTransportDisconnected(peer, "peer closed");
                case SEND -> manager.onTransportActivity(peer);
                case LOGIN_STARTED -> manager.onLoginStarted(peer);
                case LOGIN_SUCCEEDED -> manager.onLoginSucceeded(peer);
                case LOGIN_FAILED -> manager.onLoginFailed(peer, s.reason());
                case HEARTBEAT_SENT -> manager.onHeartbeatSent(peer);
                case HEARTBEAT_RECEIVED -> {
                    if (s.hasTick()) {
                        manager.onHeartbeatReceived(peer, s.amount());
                    } else {
                        manager.onHeartbeatReceived(peer);
                    }
                }
                case REMOVE -> manager.remove(peer, s.reason());
            }
        }

        /** Each peer's steps of this stretch on its own task, all released at once. */
        void runConcurrently(List<Step> steps) throws Exception {
            Map<Integer, List<Step>> byPeer = new LinkedHashMap<>();
            steps.forEach(s -> byPeer.computeIfAbsent(s.peer(), k -> new ArrayList<>()).add(s));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> tasks = new ArrayList<>();
            for (List<Step> mine : byPeer.values()) {
                tasks.add(POOL.submit(() -> {
                    go.await();
                    mine.forEach(this::apply);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }
}
