package dev.peerlife.testing;

import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportListener;

import java.util.ArrayList;
import java.util.List;

/**
 * A recording transport that needs no network: it counts starts, stops and sends, keeps what was
 * sent, can be told to fail its start, and lets a test play the remote side ({@link #connect},
 * {@link #receive}, {@link #disconnect}) on the calling thread. Client or server alike; its
 * connection ids name their peer, as the in-memory network's do. Thread-safe.
 */
public final class FakeTransport implements Transport {

    private final String failStartWith;
    private TransportListener listener;
    private int starts;
    private int stops;
    private final List<byte[]> sent = new ArrayList<>();

    public FakeTransport() {
        this(null);
    }

    private FakeTransport(String failStartWith) {
        this.failStartWith = failStartWith;
    }

    /** A transport whose start throws a {@link TransportException} with {@code message}. */
    public static FakeTransport failingStart(String message) {
        return new FakeTransport(message);
    }

    @Override
    public synchronized void start(TransportListener listener) {
        starts++;
        if (failStartWith != null) {
            throw new TransportException(failStartWith);
        }
        this.listener = listener;
    }

    @Override
    public synchronized void stop() {
        stops++;
    }

    @Override
    public synchronized void send(ConnectionId to, byte[] frame) {
        sent.add(frame.clone());
    }

    @Override
    public synchronized void sendToAll(byte[] frame) {
        sent.add(frame.clone());
    }

    @Override
    public void close(ConnectionId connection, String reason) {
        disconnect(connection.value(), reason);
    }

    public synchronized int starts() {
        return starts;
    }

    public synchronized int stops() {
        return stops;
    }

    /** How many frames were sent (to one connection or to all). */
    public synchronized int sends() {
        return sent.size();
    }

    /** The last frame sent, decoded. */
    public synchronized Envelope lastSent() {
        if (sent.isEmpty()) {
            throw new AssertionError("nothing was sent");
        }
        try {
            return EnvelopeCodec.decode(sent.get(sent.size() - 1), Integer.MAX_VALUE);
        } catch (dev.peerlife.transport.MalformedFrameException e) {
            throw new AssertionError("sent a malformed frame", e);
        }
    }

    /** The remote side {@code peer} connects (on a client transport: the connection is up). */
    public void connect(String peer) {
        listener().onConnected(new ConnectionId(peer));
    }

    /** A frame arrives from {@code peer}. */
    public void receive(String peer, Envelope envelope) {
        listener().onReceive(new ConnectionId(peer), EnvelopeCodec.encode(envelope));
    }

    public void disconnect(String peer, String reason) {
        listener().onDisconnected(new ConnectionId(peer), reason);
    }

    private synchronized TransportListener listener() {
        if (listener == null) {
            throw new IllegalStateException("the transport has not been started");
        }
        return listener;
    }
}
