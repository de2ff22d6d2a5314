package dev.peerlife.transport.netty;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * File descriptors of this process, for a connection cap that stays below the open-file limit: at
 * the limit the JVM cannot even open the time-zone data a log record needs or a class file it has
 * not loaded yet, so the cap keeps a reserve for the process itself. Also loads, once, what the
 * first log record and the accept loop's failure path need, while descriptors are still plentiful.
 */
final class DescriptorBudget {

    /** Descriptors kept for the process: at least this many, or a tenth of the limit. */
    static final int MIN_RESERVE = 64;

    private static final AtomicBoolean WARMED = new AtomicBoolean();

    private DescriptorBudget() {
    }

    /**
     * The default connection cap: the open-file limit, less the descriptors open now, less the
     * reserve; at least 16. Where the limit is unknown (not a Unix JVM), 10,000.
     */
    static int defaultMaxConnections() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            long open = unix.getOpenFileDescriptorCount();
            long cap = max - open - Math.max(MIN_RESERVE, max / 10);
            return (int) Math.max(16, Math.min(cap, 1_000_000));
        }
        return 10_000;
    }

    /** The process's open-file limit, or -1 where unknown. */
    static long descriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    /**
     * Loads now what the JVM would otherwise load on first use, when at the limit it could not: the
     * time-zone rules and the log formatter (for the first log record), and the socket close path
     * (the JDK's file dispatcher opens a descriptor of its own the first time a socket is closed;
     * if that fails the class is unusable for good and every later close throws).
     */
    static void warmUp() {
        if (!WARMED.compareAndSet(false, true)) {
            return;
        }
        try {
            ZoneId.systemDefault().getRules();
            ZonedDateTime.now().toString();
            new SimpleFormatter().format(new LogRecord(Level.INFO, "warm-up"));
            java.nio.channels.SocketChannel.open().close();
            java.nio.channels.ServerSocketChannel.open().close();
            java.nio.channels.DatagramChannel.open().close();
        } catch (java.io.IOException | RuntimeException | Error e) {
            // Best effort: warming is an optimisation of the failure path, never a reason to fail.
        }
    }
}
