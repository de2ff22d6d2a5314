package dev.peerlife.testing;

import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportException;
import dev.peerlife.transport.TransportListener;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a transport, counting starts and stops, and can be told to fail its start: the recording
 * fake for the entry point's rollback and double-stop contracts.
 */
public final class CountingTransport implements Transport {

    private final Transport delegate;
    private final String failStartWith;
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();

    public CountingTransport(Transport delegate) {
        this(delegate, null);
    }

    private CountingTransport(Transport delegate, String failStartWith) {
        this.delegate = delegate;
        this.failStartWith = failStartWith;
    }

    /** A transport whose start throws a {@link TransportException} with {@code message}. */
    public static CountingTransport failingStart(Transport delegate, String message) {
        return new CountingTransport(delegate, message);
    }

    public int starts() {
        return starts.get();
    }

    public int stops() {
        return stops.get();
    }

    @Override
    public void start(TransportListener listener) {
        starts.incrementAndGet();
        if (failStartWith != null) {
            throw new TransportException(failStartWith);
        }
        delegate.start(listener);
    }

    @Override
    public void stop() {
        stops.incrementAndGet();
        delegate.stop();
    }

    @Override
    public void send(ConnectionId to, byte[] frame) {
        delegate.send(to, frame);
    }

    @Override
    public void sendToAll(byte[] frame) {
        delegate.sendToAll(frame);
    }

    @Override
    public void close(ConnectionId connection, String reason) {
        delegate.close(connection, reason);
    }
}
