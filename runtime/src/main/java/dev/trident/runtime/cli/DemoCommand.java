package dev.trident.runtime.cli;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.demo.GeneratedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trident demo}: until the daemon and the trained bundled model land, runs
 * {@code trident infer} on a generated (untrained) model and a real dash-cam frame, and says so.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Trident on a real dash-cam frame and write an overlay (interim demo: generated model, single frame).")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--frame", description = "image to run on (default: ../shared/real-frames/bdd-1.jpg beside the project)")
    Path frame;

    @Option(names = {"-o", "--out"}, description = "overlay PNG (default: demo-out/overlay.png)")
    Path out;

    @Override
    public Integer call() throws IOException {
        Path home = Path.of(System.getProperty("trident.home", ".")).toAbsolutePath().normalize();
        Path image = frame != null ? frame : home.resolve("../shared/real-frames/bdd-1.jpg").normalize();
        if (!Files.isRegularFile(image)) {
            throw new TridentException("demo frame " + image + " not found; pass one with --frame IMAGE");
        }
        Path overlay = out != null ? out : home.resolve("demo-out/overlay.png");
        Path model = home.resolve("demo-out/generated-demo.onnx");
        System.out.println("Trident demo (interim): the in-vehicle daemon and the trained bundled model are not built yet,");
        System.out.println("so this runs `trident infer` on a GENERATED, UNTRAINED model (hand-set weights: colour and");
        System.out.println("position priors, not learned) and one real frame. Expect plausible, not accurate, output.");
        GeneratedModel.write(model, GeneratedModel.Spec.demo());
        System.out.println("model:  " + model);
        System.out.println("frame:  " + image);
        int rc = TridentCli.run(new TridentCli(), "infer", "--model", model.toString(), "--image", image.toString(),
                "--out", overlay.toString());
        if (rc == 0) {
            System.out.println("open " + overlay + " to see boxes, segmentation and depth side by side");
        }
        return rc;
    }
}
