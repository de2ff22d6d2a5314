package dev.peerlife.conformance.spi;

/**
 * Names of optional abilities. Scenarios tagged {@code @requires-NAME} run only on implementations
 * that declare NAME; elsewhere they are reported as skipped (unsupported), never as passed.
 */
public final class Capability {
    /** A client runtime beside the server (SNF-1, PRO-1). */
    public static final String CLIENT = "client";
    /** A second, sync transport lane (SNF-4, SRE-2). */
    public static final String SYNC_LANE = "sync-lane";
    /** Application messages through handlers on both sides (SNF-2, SNF-3). */
    public static final String MESSAGES = "messages";
    /** Handlers queued until the host drains them (SNF-3). */
    public static final String QUEUED_DISPATCH = "queued-dispatch";
    /** A host admission hook such as a peer limit, and a cleanup hook (PRO-4). */
    public static final String ADMISSION = "admission";
    /** Making the sync transport fail to start, for the rollback scenario (SRE-3). */
    public static final String TRANSPORT_FAULTS = "transport-faults";

    private Capability() {
    }
}
