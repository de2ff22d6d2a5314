package dev.peerlife.simulator.toxiproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Plain sockets for watching what a proxy does to a connection: an upstream whose accepted sockets
 * the test takes one by one, and a way to read one end until it closes, is reset or stays quiet.
 * Every wait is bounded.
 */
final class Wire {

    private Wire() {
    }

    /** How a read of one end finished. */
    enum How { EOF, RST, OPEN }

    /** What one end saw: the bytes, how the read ended and when (ms after the reference). */
    record End(String data, How how, long atMs) {
        @Override
        public String toString() {
            return how + " after '" + data + "' at " + atMs + " ms";
        }
    }

    /** An upstream server; {@link #next()} hands over the next accepted connection. */
    static final class Upstream implements AutoCloseable {
        private final ServerSocket server;
        private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();

        Upstream() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        s.setTcpNoDelay(true);
                        accepted.add(s);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "upstream-accept");
            t.setDaemon(true);
            t.start();
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        Socket next() throws IOException {
            try {
                Socket s = accepted.poll(5, TimeUnit.SECONDS);
                if (s == null) {
                    throw new IOException("the proxy did not reach the upstream within 5 s");
                }
                return s;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        /** True when no connection reached the upstream within {@code ms}. */
        boolean noneWithin(long ms) throws InterruptedException, IOException {
            Socket s = accepted.poll(ms, TimeUnit.MILLISECONDS);
            if (s != null) {
                s.close();
                return false;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        s.getOutputStream().flush();
    }

    /** Reads exactly {@code n} bytes (bounded by 5 s); returns them. */
    static String read(Socket s, int n) throws IOException {
        s.setSoTimeout(5_000);
        byte[] b = s.getInputStream().readNBytes(n);
        return new String(b);
    }

    /**
     * Reads until the end closes (EOF), is reset (RST) or {@code quietMs} pass without a byte
     * (OPEN), at most {@code maxMs} in all; times are measured from {@code t0Ns}.
     */
    static End watch(Socket s, long t0Ns, long quietMs, long maxMs) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return new End(data.toString(), How.OPEN, since(t0Ns));
            }
            s.setSoTimeout((int) Math.max(1, Math.min(quietMs, left)));
            try {
                int n = in.read(buf);
                if (n < 0) {
                    return new End(data.toString(), How.EOF, since(t0Ns));
                }
                data.write(buf, 0, n);
            } catch (SocketTimeoutException quiet) {
                return new End(data.toString(), How.OPEN, since(t0Ns));
            } catch (SocketException e) {
                if (String.valueOf(e.getMessage()).contains("reset")) {
                    return new End(data.toString(), How.RST, since(t0Ns));
                }
                throw e;
            }
        }
    }

    static long since(long t0Ns) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0Ns);
    }

    static int port(String listen) {
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }
}
