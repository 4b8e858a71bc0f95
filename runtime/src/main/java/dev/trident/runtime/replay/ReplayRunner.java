package dev.trident.runtime.replay;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The replay loop: input → pacer → sink, frame after frame, looping if asked (each pass's times
 * continue after the previous pass's last frame plus one frame interval), with a progress bar and
 * a final report. Runs on the calling thread; {@code stop} may be set from any thread (Ctrl-C) to
 * end it after the current frame.
 */
public final class ReplayRunner {
    /**
     * @param rate      playback speed, 0 = as fast as possible
     * @param loop      start over at the end of the input
     * @param maxFrames stop after this many frames (0 = no limit)
     * @param progress  draw a progress bar on {@code progressOut}
     */
    public record Settings(double rate, boolean loop, long maxFrames, boolean progress) {
    }

    /**
     * What a replay did.
     *
     * @param frames       frames handed to the sink
     * @param passes       passes over the input (more than 1 with --loop)
     * @param wallSeconds  time the replay took
     * @param recordedSeconds recorded time span replayed
     * @param pacing       achieved vs requested timing
     * @param paced        false for --rate max
     */
    public record Report(long frames, long passes, double wallSeconds, double recordedSeconds, PacingStats pacing, boolean paced) {
        public String text() {
            return String.format(Locale.ROOT, "replayed %d frames in %.2f s (%d pass%s, %.2f s of recording)%npacing: %s", frames,
                    wallSeconds, passes, passes == 1 ? "" : "es", recordedSeconds, pacing.summary(paced));
        }
    }

    private ReplayRunner() {
    }

    public static Report run(ReplayInput input, ReplaySink sink, Settings settings, PrintStream progressOut, AtomicBoolean stop)
            throws InterruptedException {
        ReplayPacer pacer = new ReplayPacer(settings.rate());
        long seq = 0;
        long offset = 0;
        long passes = 1;
        long inPass = 0;
        long firstRaw = 0;
        long lastRaw = 0;
        long firstTime = 0;
        long lastTime = 0;
        long t0 = System.nanoTime();
        long max = settings.loop() ? -1 : input.expectedFrames();
        if (settings.maxFrames() > 0) {
            max = max < 0 ? settings.maxFrames() : Math.min(max, settings.maxFrames());
        }
        ProgressBar bar = settings.progress() ? new ProgressBarBuilder().setTaskName("replay").setInitialMax(max)
                .setConsumer(new ConsoleProgressBarConsumer(progressOut, 100)).setUpdateIntervalMillis(250).setUnit(" frames", 1)
                .build() : null;
        try {
            while (!stop.get() && (settings.maxFrames() == 0 || seq < settings.maxFrames())) {
                if (!input.next()) {
                    if (!settings.loop() || inPass == 0) {
                        break;
                    }
                    offset += lastRaw - firstRaw + input.frameIntervalNanos();
                    input.rewind();
                    passes++;
                    inPass = 0;
                    continue;
                }
                long raw = input.timeNanos();
                if (inPass == 0) {
                    firstRaw = raw;
                }
                lastRaw = raw;
                inPass++;
                long t = raw + offset;
                if (seq == 0) {
                    firstTime = t;
                }
                lastTime = t;
                // get the frame ready first: the wait absorbs decoding, the hand-off stays on time
                if (sink.needsImage()) {
                    input.image();
                } else {
                    input.jpeg();
                }
                pacer.await(t);
                sink.accept(seq, t, input);
                seq++;
                if (bar != null) {
                    bar.step();
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Report(seq, passes, wall, (lastTime - firstTime) / 1e9, pacer.stats(), pacer.paced());
    }
}
