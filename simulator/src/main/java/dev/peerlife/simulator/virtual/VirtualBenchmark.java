package dev.peerlife.simulator.virtual;

import dev.peerlife.conformance.reference.ReferenceSut;
import dev.peerlife.conformance.runner.SutSelector;
import dev.peerlife.conformance.spi.SystemUnderTest;
import dev.peerlife.simulator.Scenario;
import dev.peerlife.simulator.Simulation;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

/**
 * How fast virtual time runs against the reference, as a ratio to real time measured in the same
 * run: the scenario's virtual seconds (start-up plus duration) over the wall-clock seconds the run
 * took. Scenarios: load-500's policy and random faults (10% of the peers, 2 to 8 s each) at the
 * given number of peers for 60 s. Heartbeats are left out of the timelines (they change no figure);
 * the implementation still records every event. Memory per peer: the heap still in use right after
 * the run (the implementation with its 60 s of events, the timelines, the peers), after a GC, less
 * the heap before, divided by the peers.
 *
 * <p>{@code java -Xmx3g -cp "simulator/target/classes:$(cat simulator/target/classpath.txt)"
 * dev.peerlife.simulator.virtual.VirtualBenchmark [inprocess PEERS | driver PEERS]...}; without
 * arguments: in process at 10,000 and 100,000 peers, through the reference driver at 1,000.
 */
public final class VirtualBenchmark {

    static final String REFERENCE_DRIVER = "process:{java} -cp {classpath} dev.peerlife.conformance.driver.ReferenceDriver";

    private VirtualBenchmark() {
    }

    public static void main(String[] args) {
        List<String> runs = args.length == 0 ? List.of("inprocess", "10000", "inprocess", "100000", "driver", "1000") : List.of(args);
        System.out.printf("cores: %d, max heap: %d MB, load average before: %.2f%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // A short warm-up so that the first measured run is not the JIT's.
        measure("inprocess", 1_000, false);
        for (int i = 0; i + 1 < runs.size(); i += 2) {
            measure(runs.get(i), Integer.parseInt(runs.get(i + 1)), true);
        }
    }

    static Scenario scenario(int peers) {
        return new Scenario("bench-" + peers, "load-500's policy and random faults at " + peers + " peers", peers,
                new Scenario.Policy(1_000, 3_000, 500, true), 60_000, 60_000, List.of(),
                new Scenario.RandomFaults(0.1, 42, 10_000, 45_000, 2_000, 8_000),
                List.of(new Scenario.Expectation("unfaultedStay", null, "server", "LoggedIn", 0, "start"),
                        new Scenario.Expectation("unfaultedStay", null, "client", "LoggedIn", 0, "start")));
    }

    private static void measure(String how, int peers, boolean print) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        Scenario scenario = scenario(peers);
        SystemUnderTest sut = how.equals("driver") ? SutSelector.create(REFERENCE_DRIVER, 60_000) : new ReferenceSut() {
            // The reference server keeps at most 65,536 sessions by default (a bound on what peers can
            // make it hold); the big run needs room for every peer.
            @Override
            protected dev.peerlife.runtime.ServerRuntimeConfig.Builder configure(dev.peerlife.runtime.ServerRuntimeConfig.Builder config) {
                return config.maxSessions(Math.max(dev.peerlife.runtime.ServerNetworkHost.DEFAULT_MAX_SESSIONS, 2 * peers));
            }
        };
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startCpuNs = threads.getCurrentThreadCpuTime();
        long startNs = System.nanoTime();
        Simulation.Result r;
        long perPeer;
        try {
            r = VirtualSimulation.run(scenario, sut, how, new VirtualSimulation.Options(42, VirtualSimulation.DEFAULT_TICK_MS, false),
                    line -> { });
            long wallMs = Math.max(1, (System.nanoTime() - startNs) / 1_000_000);
            long cpuMs = Math.max(1, (threads.getCurrentThreadCpuTime() - startCpuNs) / 1_000_000);
            System.gc();
            long after = memory.getHeapMemoryUsage().getUsed();
            perPeer = (after - before) / peers;
            if (print) {
                double virtualS = (r.startupMs() + scenario.durationMs()) / 1000.0;
                System.out.printf("%-9s %,7d peers: %.1f s virtual in %.2f s wall = %.1fx real time (simulating thread's CPU time %.2f s = "
                                + "%.1fx per core busy); %s; heap after the run %s bytes per peer%n",
                        how, peers, virtualS, wallMs / 1000.0, virtualS * 1000 / wallMs, cpuMs / 1000.0, virtualS * 1000 / cpuMs,
                        r.passed() ? "passed" : "FAILED",
                        how.equals("driver") ? "(driver in its own process: not measured)" : String.format("%,d", perPeer));
            }
        } finally {
            sut.close();
        }
    }
}
