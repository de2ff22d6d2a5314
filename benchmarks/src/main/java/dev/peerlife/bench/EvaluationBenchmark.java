package dev.peerlife.bench;

import dev.peerlife.lifecycle.MultiSessionManager;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionManager;
import dev.peerlife.lifecycle.SessionPolicy;
import dev.peerlife.testing.ManualClock;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Lifecycle evaluation cost: the coordinator's deadline index against a naive scan that calls
 * {@code evaluate()} on one {@link SessionManager} per peer (how the spec's original system checks
 * its sessions), in one process, at 1k, 10k and 100k sessions with 1% of them due per tick.
 * Also reports retained heap per idle managed session at 100k.
 *
 * <p>Setup. Sessions are logged in across 100 time slots, so that at each tick exactly the sessions
 * of one slot reach their heartbeat timeout. After each tick, outside the timed region, the sessions
 * that timed out log in again and so come due again 100 ticks later: a steady 1% due per tick, the
 * same sessions and the same transitions for both implementations. Only {@code evaluate} is timed.
 * Rounds alternate between the two implementations; the ratio reported is the median of per-round
 * ratios.
 *
 * <p>Run: {@code mvn -q -pl benchmarks -am verify -Pbench -DskipTests}; {@code --help} lists its arguments.
 */
@Command(name = "EvaluationBenchmark", mixinStandardHelpOptions = true,
        description = "Lifecycle evaluation cost: the deadline index against a naive scan, with 1%% of sessions due per tick; "
                + "then the retained heap per idle managed session at 100k.",
        footer = {"", "Exit codes: 0 done, 1 failed, 2 usage error."})
public final class EvaluationBenchmark implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Parameters(arity = "0..*", paramLabel = "SESSIONS", description = "Session counts to measure (default: 1000 10000 100000).")
    private List<String> sizes;

    private static final int SLOTS = 100;
    private static final long TICK_MS = 1_000;
    private static final SessionPolicy POLICY = SessionPolicy.defaults()
            .withHeartbeatTimeoutMs(SLOTS * TICK_MS).withAutoReconnect(false);

    public static void main(String[] args) {
        System.exit(BenchCli.run(new EvaluationBenchmark(), args, System.out, System.err));
    }

    @Override
    public Integer call() {
        List<Long> counts = BenchCli.counts(spec, "SESSIONS", sizes == null ? List.of("1000", "10000", "100000") : sizes, 1);
        System.out.printf("Evaluation with 1%% of sessions due per tick (%s, %d cores)%n",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%10s %16s %16s %10s%n", "sessions", "indexed us/tick", "naive us/tick", "speedup");
        for (long n : counts) {
            measure(Math.toIntExact(n));
        }
        retainedHeap(100_000);
        return BenchCli.OK;
    }

    private static void measure(int sessions) {
        Indexed indexed = new Indexed(sessions);
        Naive naive = new Naive(sessions);
        int ticksPerRound = 2 * SLOTS;
        for (int warm = 0; warm < 5; warm++) {
            indexed.run(ticksPerRound);
            naive.run(ticksPerRound);
        }
        int rounds = 7;
        double[] ratios = new double[rounds];
        double[] indexedUs = new double[rounds];
        double[] naiveUs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long i = indexed.run(ticksPerRound);
            long s = naive.run(ticksPerRound);
            indexedUs[r] = i / 1_000.0 / ticksPerRound;
            naiveUs[r] = s / 1_000.0 / ticksPerRound;
            ratios[r] = (double) s / i;
        }
        System.out.printf("%10d %16.1f %16.1f %9.1fx%n", sessions, median(indexedUs), median(naiveUs), median(ratios));
        if (indexed.transitions != naive.transitions) {
            throw new IllegalStateException("the two implementations did different work: "
                    + indexed.transitions + " vs " + naive.transitions);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Logs every session of {@code slot} in at the clock's current time. */
    private interface Population {
        void logIn(int index);
    }

    private static void populate(int sessions, ManualClock clock, Population population) {
        for (int slot = 0; slot < SLOTS; slot++) {
            clock.set(slot * TICK_MS);
            for (int i = slot; i < sessions; i += SLOTS) {
                population.logIn(i);
            }
        }
        clock.set(SLOTS * TICK_MS - TICK_MS);
    }

    private static final class Indexed {
        final ManualClock clock = new ManualClock();
        final MultiSessionManager manager = MultiSessionManager.of(POLICY, clock);
        final PeerId[] peers;
        final int sessions;
        long transitions;

        Indexed(int sessions) {
            this.sessions = sessions;
            this.peers = new PeerId[sessions];
            populate(sessions, clock, this::logIn);
        }

        void logIn(int i) {
            if (peers[i] == null) {
                peers[i] = PeerId.of("peer-" + i);
            }
            manager.onTransportConnected(peers[i]);
            manager.onLoginStarted(peers[i]);
            manager.onLoginSucceeded(peers[i]);
        }

        long run(int ticks) {
            long total = 0;
            for (int t = 0; t < ticks; t++) {
                clock.advance(TICK_MS);
                long start = System.nanoTime();
                manager.evaluate();
                total += System.nanoTime() - start;
                int slot = (int) ((clock.nowMs() / TICK_MS) % SLOTS);
                for (int i = slot; i < sessions; i += SLOTS) {
                    transitions++;
                    logIn(i);
                }
            }
            return total;
        }
    }

    private static final class Naive {
        final ManualClock clock = new ManualClock();
        final List<SessionManager> all = new ArrayList<>();
        final int sessions;
        long transitions;

        Naive(int sessions) {
            this.sessions = sessions;
            for (int i = 0; i < sessions; i++) {
                all.add(new SessionManager(PeerId.of("peer-" + i), POLICY, clock));
            }
            populate(sessions, clock, this::logIn);
        }

        void logIn(int i) {
            SessionManager session = all.get(i);
            session.onTransportConnected();
            session.onLoginStarted();
            session.onLoginSucceeded();
        }

        long run(int ticks) {
            long total = 0;
            for (int t = 0; t < ticks; t++) {
                clock.advance(TICK_MS);
                long start = System.nanoTime();
                for (SessionManager session : all) {
                    session.evaluate();
                }
                total += System.nanoTime() - start;
                int slot = (int) ((clock.nowMs() / TICK_MS) % SLOTS);
                for (int i = slot; i < sessions; i += SLOTS) {
                    transitions++;
                    logIn(i);
                }
            }
            return total;
        }
    }

    private static void retainedHeap(int sessions) {
        long before = usedHeapAfterGc();
        ManualClock clock = new ManualClock();
        MultiSessionManager manager = MultiSessionManager.of(SessionPolicy.defaults(), clock);
        for (int i = 0; i < sessions; i++) {
            PeerId peer = PeerId.of("peer-" + i);
            manager.onTransportConnected(peer);
            manager.onLoginStarted(peer);
            manager.onLoginSucceeded(peer);
        }
        long after = usedHeapAfterGc();
        System.out.printf("retained heap per idle LoggedIn session at %d sessions: %d bytes"
                + " (peer ids \"peer-N\" included)%n", manager.size(), (after - before) / sessions);
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
