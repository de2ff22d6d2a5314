package dev.peerlife.conformance.runner;

import dev.peerlife.conformance.spi.SystemUnderTest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs every call into an in-process implementation on a worker thread with a time limit. A call
 * that does not return in time fails with {@link SutHungException}; the stuck worker is abandoned
 * (a daemon thread) and the implementation is marked broken, so the suite replaces it before the
 * next scenario instead of hanging.
 */
public final class GuardedSut {

    private GuardedSut() {
    }

    public static SystemUnderTest wrap(SystemUnderTest target, long callTimeoutMs) {
        Guard guard = new Guard(target, callTimeoutMs);
        return (SystemUnderTest) Proxy.newProxyInstance(SystemUnderTest.class.getClassLoader(),
                new Class<?>[] {SystemUnderTest.class, Breakable.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Breakable.class) {
                        return guard.broken;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(target, args);
                    }
                    return guard.call(() -> {
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }, method.getName());
                });
    }

    /** Whether an implementation proxy has hung or crashed and must be replaced. */
    public static boolean isBroken(SystemUnderTest sut) {
        return sut instanceof Breakable b && b.broken();
    }

    /** Implemented by the proxy so the suite can ask whether to replace it. */
    public interface Breakable {
        boolean broken();
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws Throwable;
    }

    private static final class Guard {
        private final SystemUnderTest target;
        private final long timeoutMs;
        private ExecutorService worker = newWorker();
        volatile boolean broken;

        Guard(SystemUnderTest target, long timeoutMs) {
            this.target = target;
            this.timeoutMs = timeoutMs;
        }

        private static ExecutorService newWorker() {
            return Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "sut-call");
                t.setDaemon(true);
                return t;
            });
        }

        Object call(Call call, String name) throws Throwable {
            if (broken) {
                throw new SutHungException("the implementation is broken after an earlier hang; skipping " + name);
            }
            Future<Object> future = worker.submit(() -> {
                try {
                    return call.run();
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            });
            try {
                return future.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                broken = true;
                future.cancel(true);
                worker.shutdownNow();
                worker = newWorker();
                throw new SutHungException("the implementation did not answer " + name + " within " + timeoutMs
                        + " ms (" + target.getClass().getName() + ")");
            } catch (ExecutionException e) {
                throw e.getCause();
            }
        }
    }
}
