package dev.trident.runtime.daemon;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.ExecutionProvider;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.source.FrameSource;
import dev.trident.runtime.source.FrameSources;
import dev.trident.runtime.source.SourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trident daemon}: the in-vehicle daemon in the foreground. Exit codes: 0 stopped after
 * {@code --duration} or at the end of a non-looping file; 2 bad input at start (config, model,
 * source, port in use); 4 the source failed while running; 143/130 after a graceful stop on
 * SIGTERM/SIGINT; 1 unexpected failure.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run the perception daemon: camera/file/stream -> engine -> WebSocket results, /health, /metrics, "
                + "/stream.mjpeg and a browser viewer.",
            "Exit codes: 0 done, 2 bad input, 4 source failed while running, 143/130 stopped by SIGTERM/SIGINT."})
public final class DaemonCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "device config YAML (default: built-in x86 CPU settings)")
    Path config;

    @Option(names = {"-m", "--model"}, description = "ONNX model (default: the bundled models/trident-s.onnx)")
    Path model;

    @Option(names = {"-s", "--source"}, defaultValue = "/dev/video0",
            description = "frames: /dev/videoN, rtsp://..., http(s)://..., a video file, an image folder or glob, "
                    + "or 'ingest' (frames pushed to /ws/ingest) (default: ${DEFAULT-VALUE})")
    String source;

    @Option(names = "--calibration", description = "camera calibration YAML (ROS camera_info + extrinsics): undistortion, "
            + "depth rescaling, distances in metres in the results")
    Path calibration;

    @Option(names = "--port", description = "override daemon.port (0 = any free port)")
    Integer port;

    @Option(names = "--bind", description = "override daemon.bind (default 127.0.0.1: this machine only)")
    String bind;

    @Option(names = "--fps", description = "delivery rate of file sources (default: the file's own; image folders 30)")
    double fps;

    @Option(names = "--no-loop", description = "stop at the end of a file (default: files start over at their end)")
    boolean noLoop;

    @Option(names = "--providers", split = ",", description = "override the config's execution providers, e.g. cuda,cpu")
    List<ExecutionProvider> providers;

    @Option(names = "--status-every", defaultValue = "0", description = "print a status line every N seconds (0 = never)")
    int statusEvery;

    @Option(names = "--duration", defaultValue = "0", description = "stop after N seconds (0 = run until stopped)")
    int duration;

    @Override
    public Integer call() throws Exception {
        DeviceConfig cfg = config == null ? DeviceConfig.defaults() : DeviceConfig.load(config);
        if (providers != null) {
            cfg = cfg.withProviders(providers);
        }
        if (port != null || bind != null) {
            cfg = cfg.withDaemon(cfg.daemon().withBind(bind != null ? bind : cfg.daemon().bind(),
                    port != null ? port : cfg.daemon().port()));
        }
        Path m = model != null ? model : defaultModel();
        dev.trident.calibration.CameraModel camera = calibration == null ? null
                : dev.trident.calibration.io.CameraModelYaml.read(calibration);
        Daemon d = open(m, source, SourceOptions.defaults().withFps(fps).withLoop(!noLoop), cfg, camera);
        System.out.println("trident daemon: serving " + d.url() + " (results: ws://" + d.url().substring(7) + "ws/results)");
        return DaemonRunner.run(d, System.out, Duration.ofSeconds(statusEvery), Duration.ofSeconds(duration));
    }

    /** Opens the source, then the engine, and starts a daemon on them; every failure is one {@link TridentException} line. */
    public static Daemon open(Path model, String sourceSpec, SourceOptions options, DeviceConfig cfg) {
        return open(model, sourceSpec, options, cfg, null);
    }

    /**
     * As {@link #open(Path, String, SourceOptions, DeviceConfig)} with a calibrated camera (null =
     * none): the engine undistorts, rescales depth and gives detections distances in metres.
     */
    public static Daemon open(Path model, String sourceSpec, SourceOptions options, DeviceConfig cfg,
                              dev.trident.calibration.CameraModel camera) {
        if (!Files.isRegularFile(model)) {
            throw new TridentException("model " + model + " does not exist; pass one with --model (or run `trident gen-model`)");
        }
        FrameSource src = sourceSpec.strip().equals("ingest") ? new IngestSource() : FrameSources.open(sourceSpec, options);
        Engine engine;
        try {
            engine = Engine.open(model, cfg, camera);
        } catch (RuntimeException e) {
            src.close();
            throw e;
        }
        return Daemon.start(src, engine, cfg);
    }

    private static Path defaultModel() {
        Path home = Path.of(System.getProperty("trident.home", ".")).toAbsolutePath().normalize();
        Path bundled = home.resolve("models/trident-s.onnx");
        if (!Files.isRegularFile(bundled)) {
            throw new TridentException("no --model given and no bundled model at " + bundled
                    + "; pass --model M (e.g. one written by `trident gen-model --out m.onnx`)");
        }
        return bundled;
    }
}
