package dev.trident.runtime.replay;

import dev.trident.runtime.TestModels;
import dev.trident.runtime.mcap.McapWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pacing accuracy of {@code trident replay} at 30 fps over 300 frames (the target: mean
 * interval error < 1 ms): a 300-frame log of real JPEGs replayed at rate 1 into (a) a sink that
 * only takes the recorded JPEG bytes (what --push does) and (b) a sink that decodes every frame.
 * Prints the figures; asserts nothing.
 *
 * <p>Run: {@code java -cp <test classpath> dev.trident.runtime.replay.ReplayPacingBenchmark}
 */
public final class ReplayPacingBenchmark {
    private ReplayPacingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path dir = Files.createTempDirectory("pacing");
        Path log = dir.resolve("pacing.mcap");
        byte[][] jpegs = new byte[6][];
        for (int i = 0; i < 6; i++) {
            jpegs[i] = Files.readAllBytes(TestModels.realFrames().resolve("bdd-" + (i + 1) + ".jpg"));
        }
        long t0 = 1_700_000_000_000_000_000L;
        try (DriveLogWriter w = DriveLogWriter.create(log, McapWriter.Options.defaults().withSyncChunks(false))) {
            for (int i = 0; i < frames; i++) {
                w.writeFrame(t0 + Math.round(i * 1e9 / 30), jpegs[i % 6], 0, jpegs[i % 6].length);
            }
        }
        for (boolean decode : new boolean[] {false, true}) {
            try (LogInput in = new LogInput(log, DriveLog.CAMERA_TOPIC, 0, Long.MAX_VALUE)) {
                ReplaySink sink = new ReplaySink() {
                    long bytes;

                    @Override
                    public void accept(long seq, long timeNanos, ReplayInput input) {
                        bytes += decode ? input.image().cols() : input.jpeg().size();
                    }

                    @Override
                    public boolean needsImage() {
                        return decode;
                    }

                    @Override
                    public String summary() {
                        return "";
                    }

                    @Override
                    public void close() {
                    }
                };
                ReplayRunner.Report r = ReplayRunner.run(in, sink, new ReplayRunner.Settings(1, false, 0, false), System.err,
                        new AtomicBoolean());
                System.out.println((decode ? "decode sink: " : "jpeg sink:   ") + r.frames() + " frames at 30 fps: "
                        + r.pacing().summary(true));
            }
        }
        Files.deleteIfExists(log);
        Files.deleteIfExists(dir);
    }
}
