package dev.peerlife.lifecycle;

import java.util.OptionalLong;

/** The two built-in clock-sync strategies; see {@link ClockSync}. */
final class ClockSyncs {
    private ClockSyncs() {
    }

    /** Takes every sample. Guarded by its monitor, so a read sees one whole sample. */
    static final class LastSampleWins implements ClockSync {
        private long tick;
        private boolean has;

        @Override
        public synchronized boolean observe(long serverTick, long nowMs) {
            tick = serverTick;
            has = true;
            return true;
        }

        @Override
        public synchronized OptionalLong serverTick() {
            return has ? OptionalLong.of(tick) : OptionalLong.empty();
        }

        @Override
        public String toString() {
            return "lastSampleWins " + serverTick();
        }
    }

    /** Takes a sample only if it is not lower than the tick held. */
    static final class IgnoreOlder implements ClockSync {
        private long tick;
        private boolean has;

        @Override
        public synchronized boolean observe(long serverTick, long nowMs) {
            if (has && serverTick < tick) {
                return false;
            }
            tick = serverTick;
            has = true;
            return true;
        }

        @Override
        public synchronized OptionalLong serverTick() {
            return has ? OptionalLong.of(tick) : OptionalLong.empty();
        }

        @Override
        public String toString() {
            return "ignoreOlder " + serverTick();
        }
    }
}
