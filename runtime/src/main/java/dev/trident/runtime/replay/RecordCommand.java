package dev.trident.runtime.replay;

import dev.trident.calibration.CameraModel;
import dev.trident.runtime.Frame;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.mcap.McapWriter;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.ResultJson;
import dev.trident.runtime.signal.StopRequest;
import dev.trident.runtime.source.FrameSource;
import dev.trident.runtime.source.FrameSources;
import dev.trident.runtime.source.SourceOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trident record --source S --out drive.mcap [--duration 60s] [--calibration cam.yaml]}:
 * records a camera, stream, video or image folder into an MCAP drive log (see {@link DriveLog}).
 * Live sources keep their capture times; files are read as fast as they decode and stamped at
 * their frame rate from the recording's start. Ctrl-C (SIGTERM) finishes the file properly; a
 * recording killed outright keeps every completed chunk ({@code trident log repair} completes it).
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a camera, stream, video or image folder into an MCAP drive log (Foxglove-readable).")
public final class RecordCommand implements Callable<Integer> {
    @Option(names = {"-s", "--source"}, required = true, description = "folder, glob, video file, /dev/videoN or rtsp/http/udp URL")
    String source;

    @Option(names = {"-o", "--out"}, required = true, description = "the MCAP file to write")
    Path out;

    @Option(names = "--duration", description = "stop after this much recorded time, e.g. 60s, 2m (default: until the source ends or Ctrl-C)")
    String duration;

    @Option(names = "--max-frames", description = "stop after this many frames (default: no limit)")
    long maxFrames;

    @Option(names = "--fps", description = "frame rate of files and folders (default: the file's own; folders 30)")
    double fps;

    @Option(names = "--loop", description = "start files and folders over at their end (stop with --duration, --max-frames or Ctrl-C)")
    boolean loop;

    @Option(names = "--quality", defaultValue = "90", description = "JPEG quality 1..100 (default ${DEFAULT-VALUE})")
    int quality;

    @Option(names = "--chunk-size", defaultValue = "1048576",
            description = "bytes per MCAP chunk; a kill loses at most the open chunk (default ${DEFAULT-VALUE})")
    int chunkSize;

    @Option(names = "--overwrite", description = "replace an existing output file")
    boolean overwrite;

    @Mixin
    dev.trident.runtime.cli.ModelOptions model;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        long limit = duration == null ? Long.MAX_VALUE : Durations.parseNanos(duration, "--duration");
        if (maxFrames < 0) {
            throw new IllegalArgumentException("--max-frames must be >= 0, got " + maxFrames);
        }
        if (!(fps >= 0)) {
            throw new IllegalArgumentException("--fps must be >= 0, got " + fps);
        }
        if (Files.isDirectory(out)) {
            throw new TridentException("--out " + out + " is a folder; give the MCAP file to write, e.g. " + out.resolve("drive.mcap"));
        }
        if (Files.exists(out) && !overwrite) {
            throw new TridentException("--out " + out + " exists; choose a new file or pass --overwrite");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new TridentException("--out " + out + ": folder " + parent + " does not exist");
        }
        // --calibration (from the model options): logged as foxglove.CameraCalibration, and used by the engine with --model
        CameraModel camera = model.camera();
        McapWriter.Options options = McapWriter.Options.defaults().withChunkBytes(chunkSize);
        Engine engine = !model.hasModel() ? null : model.open();
        dev.trident.runtime.image.OpenCvNatives.load();
        Mat frame = new Mat();
        // on SIGTERM/SIGINT: stop reading, let the loop finish the file and close the engine, then exit
        StopRequest stop = new StopRequest("trident-record-stop");
        try (engine; FrameSource src = FrameSources.open(source, SourceOptions.defaults().withFps(fps).withLoop(loop)
                .withRealtime(false)); JpegCodec jpeg = new JpegCodec(quality);
             DriveLogWriter log = DriveLogWriter.create(out, options)) {
            boolean live = src.info().live();
            double fileFps = src.info().nominalFps() > 0 ? src.info().nominalFps() : 30;
            Instant now = Instant.now();
            long epochAnchor = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            long monoAnchor = System.nanoTime();
            PerceptionResult result = engine == null ? null : engine.newResult();
            ResultJson json = new ResultJson();
            long first = Long.MIN_VALUE;
            long last = 0;
            o.println("recording " + source + " (" + src.info().description() + ") to " + out);
            while (!stop.flag().get() && (maxFrames == 0 || log.frames() < maxFrames)) {
                Frame f = src.read(frame);
                if (f == null) {
                    break;
                }
                long t = live ? epochAnchor + (f.captureNanos() - monoAnchor) : epochAnchor + Math.round(f.seq() * 1e9 / fileFps);
                if (first == Long.MIN_VALUE) {
                    first = t;
                    if (camera != null) {
                        log.writeCalibration(t, camera);
                    }
                } else if (t - first >= limit) {
                    break;
                }
                jpeg.encode(frame);
                log.writeFrame(t, jpeg.bytes(), 0, jpeg.length());
                if (engine != null) {
                    engine.process(new Frame(frame, f.seq(), f.captureNanos(), Math.floorDiv(t, 1_000_000L)), result);
                    log.writeResult(t, json.write(result, ResultJson.Options.DEFAULT, System.currentTimeMillis()));
                }
                last = t;
            }
            long frames = log.frames();
            log.mcap().close(); // finish the file now, so the figures below are final (closing again is a no-op)
            o.printf(Locale.ROOT, "recorded %d frames (%.3f s) to %s: %.1f MiB in %d chunks%n", frames,
                    frames == 0 ? 0 : (last - first) / 1e9, out, log.mcap().bytesWritten() / 1048576.0,
                    log.mcap().statistics().chunkCount());
            if (frames == 0) {
                throw new TridentException("no frames recorded from " + source);
            }
        } finally {
            frame.release();
            stop.close();
        }
        return stop.exitCode(); // 0, or what the signal thread exits with
    }
}
