package dev.peerlife.transport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A deterministic network in one JVM, for tests and the conformance suite: servers listen at named
 * addresses, clients dial them under a name, and every delivery happens synchronously on the
 * sending thread, so a test controls exactly what happens when. The server sees a client's
 * connection as {@code ConnectionId(name)}; the client sees the server as {@code ConnectionId(address)}.
 *
 * <p>Threading: safe to use from several threads; listeners are called outside the network's lock,
 * on the thread that caused the delivery.
 */
public final class InMemoryNetwork {

    private final Object lock = new Object();
    private final Map<String, ServerSide> listening = new HashMap<>();
    private int nextEphemeralPort = 49152;

    /** A server transport that will listen at {@code address} when started. */
    public Transport listen(String address) {
        return new ServerSide(Objects.requireNonNull(address, "address"));
    }

    /** A client transport that will connect to {@code address} as {@code name} when started. */
    public Transport dial(String name, String address) {
        return new ClientSide(Objects.requireNonNull(name, "name"), Objects.requireNonNull(address, "address"));
    }

    /** A scripted remote peer named {@code name} for {@code address}, not yet connected. */
    public RemotePeer peer(String name, String address) {
        return new RemotePeer(this, name, address);
    }

    /**
     * A factory for server transports at {@code tcp:PORT} and {@code udp:PORT}; port 0 picks a
     * free port, as a real bind would.
     */
    public TransportFactory serverFactory() {
        return (role, port) -> listen((role == TransportRole.RELIABLE ? "tcp:" : "udp:") + port);
    }

    /**
     * A factory for the transports of a client named {@code name}: they dial {@code tcp:PORT} (the
     * reliable lane) and {@code udp:PORT} (the sync lane), as {@link #serverFactory()} listens.
     */
    public TransportFactory clientFactory(String name) {
        Objects.requireNonNull(name, "name");
        return (role, port) -> dial(name, (role == TransportRole.RELIABLE ? "tcp:" : "udp:") + port);
    }

    public boolean isListening(String address) {
        synchronized (lock) {
            return listening.containsKey(address);
        }
    }

    /** The addresses currently listening, in no particular order. */
    public List<String> listeningAddresses() {
        synchronized (lock) {
            return new ArrayList<>(listening.keySet());
        }
    }

    private final class ServerSide implements Transport {
        private final String requestedAddress;
        private String address;
        private TransportListener listener;
        private final Map<ConnectionId, ClientSide> connections = new LinkedHashMap<>();
        private boolean started;
        private boolean stopped;

        ServerSide(String address) {
            this.requestedAddress = address;
        }

        @Override
        public void start(TransportListener listener) {
            Objects.requireNonNull(listener, "listener");
            synchronized (lock) {
                if (started) {
                    throw new TransportException("transport at " + requestedAddress + " already started");
                }
                String bindAt = requestedAddress;
                if (bindAt.endsWith(":0")) {
                    bindAt = bindAt.substring(0, bindAt.length() - 1) + nextEphemeralPort++;
                }
                if (listening.containsKey(bindAt)) {
                    throw new TransportException("address already in use: " + bindAt);
                }
                this.address = bindAt;
                this.listener = listener;
                this.started = true;
                listening.put(bindAt, this);
            }
        }

        @Override
        public void stop() {
            List<ClientSide> clients;
            synchronized (lock) {
                if (!started || stopped) {
                    stopped = true;
                    return;
                }
                stopped = true;
                listening.remove(address);
                clients = new ArrayList<>(connections.values());
                connections.clear();
            }
            for (ClientSide client : clients) {
                listener.onDisconnected(new ConnectionId(client.name), "server stopped");
                client.serverClosed("server stopped");
            }
        }

        @Override
        public void send(ConnectionId to, byte[] frame) {
            ClientSide client;
            synchronized (lock) {
                client = connections.get(to);
            }
            if (client != null) {
                client.deliver(frame.clone());
            }
        }

        @Override
        public void sendToAll(byte[] frame) {
            List<ClientSide> clients;
            synchronized (lock) {
                clients = new ArrayList<>(connections.values());
            }
            for (ClientSide client : clients) {
                client.deliver(frame.clone());
            }
        }

        @Override
        public void close(ConnectionId connection, String reason) {
            ClientSide client;
            synchronized (lock) {
                client = connections.remove(connection);
            }
            if (client != null) {
                listener.onDisconnected(connection, reason);
                client.serverClosed(reason);
            }
        }

        /** Called by a client starting; runs under the network lock. */
        void acceptLocked(ClientSide client) {
            ConnectionId id = new ConnectionId(client.name);
            if (connections.containsKey(id)) {
                throw new TransportException("a connection named " + client.name + " is already open at " + address);
            }
            connections.put(id, client);
        }

        void clientClosed(ClientSide client, String reason) {
            ConnectionId id = new ConnectionId(client.name);
            boolean removed;
            synchronized (lock) {
                removed = connections.remove(id, client);
            }
            if (removed) {
                listener.onDisconnected(id, reason);
            }
        }

        void receive(ClientSide client, byte[] frame) {
            ConnectionId id = new ConnectionId(client.name);
            boolean open;
            synchronized (lock) {
                open = connections.get(id) == client;
            }
            if (open) {
                listener.onReceive(id, frame);
            }
        }
    }

    private final class ClientSide implements Transport {
        private final String name;
        private final String address;
        private TransportListener listener;
        private ServerSide server;
        private boolean started;

        ClientSide(String name, String address) {
            this.name = name;
            this.address = address;
        }

        @Override
        public void start(TransportListener listener) {
            Objects.requireNonNull(listener, "listener");
            ServerSide target;
            synchronized (lock) {
                if (started) {
                    throw new TransportException("client " + name + " already started");
                }
                target = listening.get(address);
                if (target == null) {
                    throw new TransportException("connection refused: nothing listens at " + address);
                }
                target.acceptLocked(this);
                this.listener = listener;
                this.server = target;
                this.started = true;
            }
            target.listener.onConnected(new ConnectionId(name));
            boolean stillOpen;
            synchronized (lock) {
                stillOpen = server == target; // the server may have refused us in its onConnected
            }
            if (stillOpen) {
                listener.onConnected(new ConnectionId(address));
            }
        }

        @Override
        public void stop() {
            ServerSide target;
            synchronized (lock) {
                target = server;
                server = null;
            }
            if (target != null) {
                target.clientClosed(this, "peer closed the connection");
                listener.onDisconnected(new ConnectionId(address), "closed locally");
            }
        }

        @Override
        public void send(ConnectionId to, byte[] frame) {
            sendToAll(frame);
        }

        @Override
        public void sendToAll(byte[] frame) {
            ServerSide target;
            synchronized (lock) {
                target = server;
            }
            if (target != null) {
                target.receive(this, frame.clone());
            }
        }

        @Override
        public void close(ConnectionId connection, String reason) {
            stop();
        }

        void deliver(byte[] frame) {
            boolean open;
            synchronized (lock) {
                open = server != null;
            }
            if (open) {
                listener.onReceive(new ConnectionId(address), frame);
            }
        }

        void serverClosed(String reason) {
            boolean wasOpen;
            synchronized (lock) {
                wasOpen = server != null;
                server = null;
            }
            if (wasOpen) {
                listener.onDisconnected(new ConnectionId(address), reason);
            }
        }
    }
}
