package dev.trident.runtime.daemon;

import dev.trident.runtime.signal.TerminationSignals;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Runs a started {@link Daemon} in the foreground for a command line: prints a status line every
 * few seconds, stops gracefully on SIGTERM/SIGINT ({@link TerminationSignals}: source stopped,
 * pipeline drained, sessions closed — before the JVM's exit begins), and maps how it ended to an
 * exit code.
 *
 * <p>Exit codes: {@value #OK} — a non-looping source ended and everything was published, or the
 * requested duration passed; {@value #SOURCE_FAILED} — the source failed while running (e.g. a
 * file became unreadable) or a pipeline thread crashed. Stopped by a signal, the JVM exits with
 * 128 + the signal number (143 for SIGTERM, 130 for SIGINT) once the graceful stop is done; bad
 * input at start is exit code 2 (the CLI's).
 *
 * <p>Threading: {@link #run} on the command's thread.
 */
public final class DaemonRunner {
    public static final int OK = 0;
    public static final int SOURCE_FAILED = 4;

    private DaemonRunner() {
    }

    /**
     * @param statusEvery time between status lines (zero = none)
     * @param duration    stop after this long (zero = run until stopped or the source ends)
     */
    public static int run(Daemon daemon, PrintStream out, Duration statusEvery, Duration duration) throws InterruptedException {
        // the graceful stop runs before the JVM's exit (see TerminationSignals); the hook is for other exits
        Thread hook = new Thread(daemon::close, "trident-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (TerminationSignals signals = TerminationSignals.install(daemon::close)) {
            long end = duration.isZero() ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            long tick = statusEvery.isZero() ? 1000 : statusEvery.toMillis();
            while (true) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Pipeline.State s = daemon.awaitEnd(Duration.ofMillis(Math.min(tick, Math.max(1, left / 1_000_000))));
                if (s != Pipeline.State.RUNNING) {
                    break;
                }
                if (!statusEvery.isZero() && System.nanoTime() < end) {
                    out.println(daemon.statusLine(statusEvery));
                }
            }
            Pipeline.State state = daemon.pipeline().state();
            daemon.close();
            if (signals.exitCode() != 0) {
                return signals.exitCode(); // the same code the signal thread exits with
            }
            if (state == Pipeline.State.FAILED) {
                out.println("stopped: " + daemon.pipeline().failure());
                return SOURCE_FAILED;
            }
            if (state == Pipeline.State.ENDED) {
                out.println("the source ended; " + daemon.pipeline().processed() + " frames processed");
            }
            return OK;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting on a signal: the hook is closing the daemon
            }
        }
    }
}
