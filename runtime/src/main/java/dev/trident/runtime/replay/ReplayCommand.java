package dev.trident.runtime.replay;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.signal.StopRequest;
import dev.trident.runtime.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trident replay LOG|VIDEO|DIR [--rate 1.0|max] [--loop] [--from T] [--to T]} into the
 * in-process engine ({@code --model M --results out.jsonl}) or a running daemon
 * ({@code --push ws://127.0.0.1:8080/ws/ingest [--token T]}), paced by the recorded timestamps
 * × 1/rate, with a progress bar and a report of achieved vs requested timing.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a drive log, video or image folder into the engine or a daemon, at recorded timing or as fast as possible.")
public final class ReplayCommand implements Callable<Integer> {
    private static final byte[] MCAP_MAGIC = {(byte) 0x89, 'M', 'C', 'A', 'P'};

    @Parameters(index = "0", paramLabel = "LOG|VIDEO|DIR", description = "an MCAP drive log, a video file, an image folder or glob")
    String input;

    @Option(names = "--rate", defaultValue = "1", description = "playback speed × recorded timing, or max (default ${DEFAULT-VALUE})")
    String rate;

    @Option(names = "--loop", description = "start over at the end (stop with --max-frames or Ctrl-C)")
    boolean loop;

    @Option(names = "--from", description = "start this far into the recording, e.g. 10s")
    String from;

    @Option(names = "--to", description = "stop this far into the recording, e.g. 20s")
    String to;

    @Option(names = "--max-frames", description = "stop after this many frames (default: no limit)")
    long maxFrames;

    @Option(names = "--topic", defaultValue = DriveLog.CAMERA_TOPIC, description = "camera channel of a log (default ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--fps", description = "frame rate of videos and folders (default: the file's own; folders 30)")
    double fps;

    @Mixin
    dev.trident.runtime.cli.ModelOptions model;

    @Option(names = "--results", description = "JSONL file: one deterministic result line per frame (with --model)")
    Path results;

    @Option(names = "--push", description = "push frames to a daemon instead, e.g. ws://127.0.0.1:8080/ws/ingest")
    String push;

    @Option(names = "--token", description = "ingest token (needed when the daemon binds beyond loopback)")
    String token;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        double r = parseRate(rate);
        long fromNanos = from == null ? 0 : Durations.parseNanos(from, "--from");
        long toNanos = to == null ? Long.MAX_VALUE : Durations.parseNanos(to, "--to");
        if (maxFrames < 0) {
            throw new IllegalArgumentException("--max-frames must be >= 0, got " + maxFrames);
        }
        if (!(fps >= 0)) {
            throw new IllegalArgumentException("--fps must be >= 0, got " + fps);
        }
        if ((!model.hasModel()) == (push == null)) {
            throw new IllegalArgumentException("give either --model M (replay into the engine) or --push ws://host:port/ws/ingest "
                    + "(into a running daemon)" + (push != null ? ", not both" : ""));
        }
        if (results != null && !model.hasModel()) {
            throw new IllegalArgumentException("--results needs --model (results come from the in-process engine)");
        }
        if (token != null && push == null) {
            throw new IllegalArgumentException("--token is for --push");
        }
        URI uri = push == null ? null : parseUri(push);
        ReplayInput in = openInput(Path.of(input), fromNanos, toNanos);
        ReplaySink sink = null;
        try {
            // an empty window is bad input: say so before loading a model or connecting
            if (!in.next()) {
                throw new TridentException("no frames to replay in " + input + (from != null || to != null ? " between --from and --to" : ""));
            }
            in.rewind();
            sink = uri != null ? new PushSink(IngestPushClient.connect(uri, token, Duration.ofSeconds(10)))
                    : new EngineSink(model.open(), results);
            o.println("replaying " + in.description() + (r > 0 ? " at rate " + r : " as fast as possible")
                    + (loop ? ", looping" : ""));
            // on SIGTERM/SIGINT: stop replaying, close the sink (and its engine), then exit
            StopRequest stop = new StopRequest("trident-replay-stop");
            ReplayRunner.Report report;
            try {
                report = ReplayRunner.run(in, sink, new ReplayRunner.Settings(r, loop, maxFrames, !noProgress), System.err, stop.flag());
                sink.close();
                sink = null;
            } finally {
                stop.close();
            }
            if (stop.exitCode() != 0) {
                o.println(report.text());
                return stop.exitCode(); // what the signal thread exits with
            }
            if (report.frames() == 0) {
                throw new TridentException("no frames to replay in " + input + (from != null || to != null ? " between --from and --to" : ""));
            }
            o.println(report.text());
            return 0;
        } finally {
            if (sink != null) {
                sink.close();
            }
            in.close();
        }
    }

    /** The rate as a number; 0 for max. */
    static double parseRate(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("max")) {
            return 0;
        }
        try {
            double v = Double.parseDouble(t);
            if (v > 0 && v <= 1000) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new IllegalArgumentException("--rate '" + text + "': expected a speed factor like 1, 0.5 or 4 (0 < rate <= 1000), or max");
    }

    private static URI parseUri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--push '" + text + "' is not a URL; expected e.g. ws://127.0.0.1:8080/ws/ingest");
        }
    }

    private ReplayInput openInput(Path path, long fromNanos, long toNanos) {
        if (isMcap(path)) {
            return new LogInput(path, topic, fromNanos, toNanos);
        }
        if (!input.contains("*") && !Files.exists(path)) {
            throw new TridentException("replay input not found: " + input + "; expected an MCAP log, a video file or an image folder");
        }
        return new SourceInput(input, fps, fromNanos, toNanos);
    }

    private static boolean isMcap(Path p) {
        if (p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mcap")) {
            return true;
        }
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(p)) {
            return Arrays.equals(in.readNBytes(MCAP_MAGIC.length), MCAP_MAGIC);
        } catch (IOException e) {
            return false;
        }
    }
}
