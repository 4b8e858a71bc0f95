package dev.trident.runtime.cli;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.daemon.Daemon;
import dev.trident.runtime.daemon.DaemonCommand;
import dev.trident.runtime.daemon.DaemonRunner;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.source.SourceOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trident demo}: the daemon on the bundled model and the bundled drive, looped, with the
 * viewer URL and a live status line. Until the trained model and a recorded drive ship, it uses
 * the generated (untrained) model and loops the real dash-cam frames in
 * {@code ../shared/real-frames} at 10 fps — and says so. Needs no GPU and no network.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the Trident daemon on the bundled model and drive (looped) and serve the viewer; Ctrl-C to stop.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "port of the viewer (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = {"-c", "--config"}, description = "device config YAML (default: device-configs/x86-cpu.yaml)")
    Path config;

    @Option(names = "--status-every", defaultValue = "3", description = "seconds between status lines (default: ${DEFAULT-VALUE})")
    int statusEvery;

    @Option(names = "--duration", defaultValue = "0", description = "stop after N seconds (default: run until Ctrl-C)")
    int duration;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream o = System.out;
        Path home = Path.of(System.getProperty("trident.home", ".")).toAbsolutePath().normalize();
        Path cfgPath = config != null ? config : home.resolve("device-configs/x86-cpu.yaml");
        DeviceConfig cfg = Files.isRegularFile(cfgPath) || config != null ? DeviceConfig.load(cfgPath) : DeviceConfig.defaults();
        cfg = cfg.withDaemon(cfg.daemon().withBind(bind, port));

        Path model = home.resolve("models/trident-s.onnx");
        boolean generated = !Files.isRegularFile(model);
        if (generated) {
            model = GeneratedModel.write(home.resolve("demo-out/generated-demo.onnx"), GeneratedModel.Spec.demo());
        }
        Path drive = home.resolve("drives/demo.avi");
        String source;
        SourceOptions options = SourceOptions.defaults().withLoop(true);
        boolean realFrames = !Files.isRegularFile(drive);
        if (realFrames) {
            Path frames = home.resolve("../shared/real-frames").normalize();
            if (!Files.isDirectory(frames)) {
                throw new TridentException("demo drive not found: neither " + drive + " nor the real frames folder " + frames
                        + " exists; run `trident daemon --model M --source VIDEO` on a video of your own");
            }
            source = frames.toString();
            options = options.withFps(10);
        } else {
            source = drive.toString();
        }
        o.println("Trident demo: the daemon on " + (generated
                ? "a GENERATED, UNTRAINED model (hand-set colour/position priors; plausible, not accurate: the trained model is not bundled yet)"
                : "the bundled model " + model.getFileName()));
        o.println("drive: " + (realFrames ? "the real dash-cam frames in " + source + ", looped at 10 fps (no recorded drive bundled yet)"
                : source + ", looped"));
        // the bundled drive's camera is known: with it the daemon reports distances in metres
        Path camera = home.resolve("drives/demo/camera.yaml");
        dev.trident.calibration.CameraModel calibration = !realFrames && Files.isRegularFile(camera)
                ? dev.trident.calibration.io.CameraModelYaml.read(camera) : null;
        if (calibration != null) {
            o.println("camera: " + camera + " (distances in metres)");
        }
        Daemon d = DaemonCommand.open(model, source, options, cfg, calibration);
        o.println("viewer: " + d.url() + "   (results: ws://" + d.url().substring(7) + "ws/results, health: " + d.url()
                + "health, metrics: " + d.url() + "metrics)");
        o.println("Ctrl-C to stop.");
        return DaemonRunner.run(d, o, Duration.ofSeconds(Math.max(1, statusEvery)), Duration.ofSeconds(duration));
    }
}
