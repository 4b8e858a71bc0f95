package dev.trident.runtime.signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stop request for a command's loop (record, replay): SIGTERM/SIGINT ({@link TerminationSignals})
 * or any other JVM exit (a shutdown hook) raises {@link #flag()} and waits — up to 10 s — until the
 * command calls {@link #close()}, i.e. until its loop has ended and its engine and files are closed;
 * then a signal exits with 143/130, which {@link #exitCode()} also returns to the command.
 *
 * <p>Threading: create, poll and {@link #close()} on the command's thread; the stop action runs on
 * the signal-dispatch or shutdown-hook thread.
 */
public final class StopRequest implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private final TerminationSignals signals;

    public StopRequest(String name) {
        Runnable stopAndWait = () -> {
            stop.set(true);
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        hook = new Thread(stopAndWait, name);
        Runtime.getRuntime().addShutdownHook(hook);
        signals = TerminationSignals.install(stopAndWait);
    }

    /** Raised when a stop is requested; the loop polls it. */
    public AtomicBoolean flag() {
        return stop;
    }

    /** 128 + the signal number when a signal stopped the command, else 0. */
    public int exitCode() {
        return signals.exitCode();
    }

    /** The command's loop is over and its resources are closed: a pending stop may exit now. */
    @Override
    public void close() {
        finished.countDown();
        signals.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and was waiting for us
        }
    }
}
