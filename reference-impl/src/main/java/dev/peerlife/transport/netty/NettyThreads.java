package dev.peerlife.transport.netty;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.ThreadFactory;

/** Daemon event loop threads with recognisable names, so a leaked thread is easy to spot. */
final class NettyThreads {
    private NettyThreads() {
    }

    static ThreadFactory named(String name) {
        return new DefaultThreadFactory("peerlife-" + name, true);
    }
}
