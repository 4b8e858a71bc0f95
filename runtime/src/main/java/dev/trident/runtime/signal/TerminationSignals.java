package dev.trident.runtime.signal;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs a graceful stop on SIGTERM or SIGINT <em>before</em> the JVM begins to exit, then exits with
 * 128 + the signal number (143 for SIGTERM, 130 for SIGINT).
 *
 * <p>Why not a shutdown hook: ONNX Runtime's Java API registers a hook of its own
 * ({@code OrtEnvironment$OrtEnvCloser}) that frees the native environment, and the JVM starts all
 * hooks at once — so a session still running on the inference thread had its environment freed
 * under it (SIGSEGV in libonnxruntime on about half of the SIGTERM stops of {@code ./trident demo}).
 * Handling the signal first lets the pipeline drain and every session close; {@code System.exit}
 * then runs the hooks on an idle runtime.
 *
 * <p>Threading: {@link #install} and {@link #close} from the thread that owns the run; the stop
 * action runs once, on the JVM's signal-dispatch thread, and must return only when no ONNX Runtime
 * call is in flight and the sessions are closed.
 */
public final class TerminationSignals implements AutoCloseable {
    private static final String[] NAMES = {"TERM", "INT"};

    private final Runnable gracefulStop;
    private final SignalHandler[] previous = new SignalHandler[NAMES.length];
    private final AtomicInteger received = new AtomicInteger();

    private TerminationSignals(Runnable gracefulStop) {
        this.gracefulStop = gracefulStop;
    }

    /** Installs handlers for SIGTERM and SIGINT that run {@code gracefulStop}, then exit. */
    public static TerminationSignals install(Runnable gracefulStop) {
        TerminationSignals s = new TerminationSignals(gracefulStop);
        for (int i = 0; i < NAMES.length; i++) {
            s.previous[i] = Signal.handle(new Signal(NAMES[i]), s::onSignal);
        }
        return s;
    }

    private void onSignal(Signal signal) {
        if (!received.compareAndSet(0, signal.getNumber())) {
            return; // a second Ctrl-C while draining: the first stop is already under way
        }
        try {
            gracefulStop.run();
        } finally {
            System.exit(exitCode());
        }
    }

    /** 128 + the number of the signal received, or 0 when none was. */
    public int exitCode() {
        int n = received.get();
        return n == 0 ? 0 : 128 + n;
    }

    /** Puts the previous handlers back (the run ended without a signal). */
    @Override
    public void close() {
        if (received.get() != 0) {
            return; // exiting through onSignal
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (previous[i] != null) {
                Signal.handle(new Signal(NAMES[i]), previous[i]);
            }
        }
    }
}
