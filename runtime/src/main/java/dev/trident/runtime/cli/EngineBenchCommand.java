package dev.trident.runtime.cli;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.bench.EngineBenchmark;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.image.OpenCvNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trident engine-bench}: preprocessing, engine vs bare ORT, pruned-subset speed-up. */
@Command(name = "engine-bench", mixinStandardHelpOptions = true,
        description = "Benchmark preprocessing, the engine against bare session.run, and a pruned head subset; prints the figures.")
public final class EngineBenchCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, description = "model (default: the generated demo model, 640x384)")
    Path model;

    @Option(names = {"-c", "--config"}, description = "device config YAML (default: built-in x86 CPU settings)")
    Path config;

    @Option(names = "--frames", description = "folder of images (default: ../shared/real-frames beside the project)")
    Path frames;

    @Option(names = {"-n", "--iterations"}, defaultValue = "300", description = "measured frames per variant (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--subset", split = ",", defaultValue = "detection", description = "heads of the pruned subset (default ${DEFAULT-VALUE})")
    List<String> subset;

    @Override
    public Integer call() throws Exception {
        if (iterations < 10) {
            throw new IllegalArgumentException("--iterations must be at least 10");
        }
        OpenCvNatives.load();
        Path home = Path.of(System.getProperty("trident.home", ".")).toAbsolutePath().normalize();
        Path dir = frames != null ? frames : home.resolve("../shared/real-frames").normalize();
        List<Mat> images = load(dir);
        Path m = model;
        if (m == null) {
            m = Files.createTempFile("trident-bench", ".onnx");
            m.toFile().deleteOnExit();
            GeneratedModel.write(m, GeneratedModel.Spec.demo());
        }
        var cfg = config == null ? dev.trident.runtime.config.DeviceConfig.defaults()
                : dev.trident.runtime.config.DeviceConfig.load(config);
        try {
            EngineBenchmark.Figures f = EngineBenchmark.run(m, images, iterations, cfg, subset);
            Mat first = images.get(0);
            System.out.printf(Locale.ROOT, "engine benchmark: %s, %d frames of %dx%d from %s, %d iterations, one thread calling%n",
                    model == null ? "generated demo model 640x384" : m, f.frames(), first.cols(), first.rows(), dir, f.iterations());
            System.out.printf(Locale.ROOT, "preprocess %dx%d -> model input: median %.3f ms, p90 %.3f ms (target <= 1.5 ms)%n",
                    first.cols(), first.rows(), f.preprocessMedianMs(), f.preprocessP90Ms());
            System.out.printf(Locale.ROOT, "engine.process (all heads): median %.3f ms%n", f.engineMedianMs());
            System.out.printf(Locale.ROOT, "bare preprocess + session.run: median %.3f ms%n", f.bareMedianMs());
            System.out.printf(Locale.ROOT, "ratio engine/bare time: %.3f (target <= 1.05)%n", f.engineOverBare());
            StringBuilder decode = new StringBuilder();
            f.decodeMedianMs().forEach((h, ms) -> decode.append(decode.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.3f ms", h, ms)));
            System.out.printf(Locale.ROOT, "decode inside engine.process, median per head: %s%n", decode);
            System.out.printf(Locale.ROOT, "heap allocated by engine.process: %d bytes/frame%n", f.engineBytesPerFrame());
            System.out.printf(Locale.ROOT, "inference full graph (%d nodes): median %.3f ms; subset %s (%d nodes): median %.3f ms; speed-up %.2fx%n",
                    f.fullNodes(), f.fullInferenceMs(), f.subsetHeads(), f.subsetNodes(), f.subsetInferenceMs(), f.subsetSpeedup());
        } finally {
            images.forEach(Mat::release);
        }
        return 0;
    }

    private static List<Mat> load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new TridentException("frames folder " + dir + " not found; pass --frames DIR with JPEG/PNG images");
        }
        List<Mat> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png")) {
                    out.add(Images.read(p));
                }
            }
        }
        if (out.isEmpty()) {
            throw new TridentException("frames folder " + dir + " holds no JPEG/PNG images");
        }
        return out;
    }
}
