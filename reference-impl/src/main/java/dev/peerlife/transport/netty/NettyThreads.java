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

    /** The innermost cause's own message ("Address already in use"), for one-line errors. */
    static String reason(Throwable cause) {
        Throwable t = cause;
        while (t != null && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == null ? "unknown reason" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
