package dev.peerlife.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * A scripted remote client on an {@link InMemoryNetwork}, for driving a server in tests: it
 * connects under a name, sends envelopes or raw bytes, disconnects, and records what it received.
 * Each {@link #connect()} opens a new connection under the same name, as a client reconnecting does.
 */
public final class RemotePeer {

    private final InMemoryNetwork network;
    private final String name;
    private final String address;
    private final List<Envelope> received = new ArrayList<>();
    private final List<String> closeReasons = new ArrayList<>();
    private Transport connection;

    RemotePeer(InMemoryNetwork network, String name, String address) {
        this.network = network;
        this.name = name;
        this.address = address;
    }

    public String name() {
        return name;
    }

    /** Opens a connection; throws {@link TransportException} if nothing listens or one is open. */
    public synchronized void connect() {
        if (connection != null) {
            throw new TransportException(name + " is already connected");
        }
        Transport transport = network.dial(name, address);
        connection = transport; // set first: the server may close it before start returns
        TransportListener listener = new TransportListener() {
            @Override
            public void onReceive(ConnectionId from, byte[] frame) {
                try {
                    record(EnvelopeCodec.decode(frame, Integer.MAX_VALUE));
                } catch (MalformedFrameException e) {
                    throw new IllegalStateException("server sent a malformed frame: " + e.getMessage(), e);
                }
            }

            @Override
            public void onDisconnected(ConnectionId from, String reason) {
                closed(reason);
            }
        };
        try {
            transport.start(listener);
        } catch (RuntimeException e) {
            connection = null;
            throw e;
        }
    }

    public void send(Envelope envelope) {
        sendRaw(EnvelopeCodec.encode(envelope));
    }

    public void sendRaw(byte[] frame) {
        Transport transport;
        synchronized (this) {
            transport = connection;
        }
        if (transport == null) {
            throw new TransportException(name + " is not connected");
        }
        transport.sendToAll(frame);
    }

    /** Closes the connection from this side; a no-op when not connected. */
    public void disconnect() {
        Transport transport;
        synchronized (this) {
            transport = connection;
        }
        if (transport != null) {
            transport.stop();
        }
    }

    public synchronized boolean isConnected() {
        return connection != null;
    }

    public synchronized List<Envelope> received() {
        return List.copyOf(received);
    }

    /** Why each of this peer's connections closed, oldest first. */
    public synchronized List<String> closeReasons() {
        return List.copyOf(closeReasons);
    }

    private synchronized void record(Envelope envelope) {
        received.add(envelope);
    }

    private synchronized void closed(String reason) {
        connection = null;
        closeReasons.add(reason);
    }
}
