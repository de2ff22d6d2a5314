package dev.peerlife.runtime;

import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.transport.Envelope;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes decoded envelopes to the handler registered for their type, through a dispatcher. Client
 * runtime and server host each own one; the routing is identical on both sides.
 *
 * <p>Threading: register from any thread; routing happens on transport threads.
 */
public final class MessageRouter {

    private final Map<Integer, MessageHandler> handlers = new ConcurrentHashMap<>();
    private final Dispatcher dispatcher;
    private final AtomicLong unrouted = new AtomicLong();

    MessageRouter(Dispatcher dispatcher) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    }

    /** Registers the handler for {@code type}, replacing any earlier one. */
    public void register(int type, MessageHandler handler) {
        handlers.put(type, Objects.requireNonNull(handler, "handler"));
    }

    public void unregister(int type) {
        handlers.remove(type);
    }

    /** Messages that arrived with no handler for their type, and were dropped. */
    public long unroutedMessages() {
        return unrouted.get();
    }

    void route(PeerId from, Envelope envelope) {
        MessageHandler handler = handlers.get(envelope.type());
        if (handler == null) {
            unrouted.incrementAndGet();
            return;
        }
        dispatcher.dispatch(() -> handler.onMessage(from, envelope));
    }
}
