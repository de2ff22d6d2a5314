package dev.peerlife.simulator.virtual;

import dev.peerlife.conformance.spi.SystemUnderTest;
import dev.peerlife.simulator.Scenario;
import dev.peerlife.simulator.Simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs one scenario for many seeds on several threads, each with implementation instances of its
 * own, and stops at the first failing seed, as TigerBeetle's VOPR runs its seeds. Seeds are handed out
 * in increasing order and every run in progress finishes, so the failing seed reported is the lowest
 * that failed among all seeds up to it: every lower seed ran and passed.
 */
public final class SeedSweep {

    /**
     * What a sweep did: {@code ran} seeds of {@code [firstSeed, firstSeed + count)}, {@code failedSeed}
     * the lowest failing one (null: none failed), {@code failure} its first failed expectation, and the
     * wall time it took.
     */
    public record Outcome(String scenario, String sut, long firstSeed, long count, long ran, Long failedSeed,
                          String failure, long wallMs, int threads) {
        public boolean passed() {
            return failedSeed == null && ran == count;
        }
    }

    private SeedSweep() {
    }

    /**
     * @param suts makes one implementation instance; each thread makes its own and reuses it (every
     *     run starts with reset)
     */
    public static Outcome run(Scenario scenario, String sutName, Supplier<SystemUnderTest> suts, long firstSeed, long count,
                              int threads) {
        long startNs = System.nanoTime();
        AtomicLong next = new AtomicLong(firstSeed);
        long end = firstSeed + count;
        AtomicLong ran = new AtomicLong();
        AtomicLong failed = new AtomicLong(Long.MAX_VALUE);
        String[] failure = new String[1];
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "seed-sweep");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(pool.submit(() -> {
                try (SystemUnderTest sut = suts.get()) {
                    while (true) {
                        long seed = next.getAndIncrement();
                        if (seed >= end || seed > failed.get()) {
                            return null;
                        }
                        Simulation.Result r = VirtualSimulation.run(scenario, sut, sutName,
                                new VirtualSimulation.Options(seed, VirtualSimulation.DEFAULT_TICK_MS, false), line -> { });
                        ran.incrementAndGet();
                        if (!r.passed()) {
                            synchronized (failure) {
                                if (seed < failed.get()) {
                                    failed.set(seed);
                                    failure[0] = r.verdicts().stream().filter(v -> !v.passed())
                                            .map(v -> v.expectation() + ": " + v.detail()).findFirst().orElse("failed");
                                }
                            }
                        }
                    }
                }
            }));
        }
        try {
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        long f = failed.get();
        return new Outcome(scenario.name(), sutName, firstSeed, count, ran.get(), f == Long.MAX_VALUE ? null : f,
                failure[0], (System.nanoTime() - startNs) / 1_000_000, threads);
    }
}
