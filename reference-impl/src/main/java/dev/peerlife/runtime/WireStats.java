package dev.peerlife.runtime;

/**
 * Sizes and counters of a server host's wire tables, taken for monitoring and for the checks that
 * every table keyed by peer input stays bounded.
 *
 * @param openConnections reliable connections open now (at most the transport's connection cap)
 * @param pendingLogins connections waiting to log in (at most {@code maxPendingLogins})
 * @param livePlayers sessions with a connection bound: what admission counts
 * @param sessionRecords sessions the wire layer tracks (at most {@code maxSessions})
 * @param tokens session tokens that resume a session (one per session record at most)
 * @param managedSessions sessions in the coordinator
 * @param refusedConnections connections and logins refused by admission or a budget
 * @param refusedLogins logins answered with a rejection, for any reason
 * @param malformedFrames bad frames counted on every connection since the start
 * @param unknownSyncFrames sync-lane datagrams that named no live session or could not be read
 * @param framesWithoutConnection reliable-lane frames from a connection the transport never reported
 *     as connected (or already reported closed), dropped (the first is logged)
 */
public record WireStats(int openConnections, int pendingLogins, int livePlayers, int sessionRecords, int tokens,
                        int managedSessions, long refusedConnections, long refusedLogins, long malformedFrames,
                        long unknownSyncFrames, long framesWithoutConnection) {
}
