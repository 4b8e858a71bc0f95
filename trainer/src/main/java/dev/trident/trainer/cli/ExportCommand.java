package dev.trident.trainer.cli;

import dev.trident.runtime.TridentException;
import dev.trident.trainer.export.ExportException;
import dev.trident.trainer.export.ModelExporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trident export --checkpoint K --out m.onnx [--fp16] [--single-task] [--dynamic]}: writes the
 * ONNX model of a training checkpoint, contract embedded, after proving FP32 parity with DJL and
 * (with an eval set) pipeline parity through the runtime engine; prints the figures. A failed
 * export writes nothing and exits 2 with one line naming the problem. See docs/export.md.
 * Not thread-safe; one invocation per process.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a training checkpoint to ONNX (opset 17) with parity checks against the trainer.")
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "checkpoint folder (runs/NAME/best or last)")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "model file to write, e.g. models/m.onnx")
    Path out;

    @Option(names = "--fp16", description = "also write the FP16 variant <stem>-fp16.onnx (FP32 input and outputs) and report its metric deltas")
    boolean fp16;

    @Option(names = "--single-task", description = "one model per head (shared layers + that head): <stem>-<head>.onnx")
    boolean singleTask;

    @Option(names = "--dynamic", description = "symbolic batch, height and width (default: static [1, 3, H, W]; "
            + "dynamic shapes make TensorRT rebuild engines)")
    boolean dynamic;

    @Option(names = "--name", description = "model name in the contract (default: trident-SIZE)")
    String name;

    @Option(names = "--data", paramLabel = "DIR", description = "eval dataset for the metric checks (default: the checkpoint's data.eval)")
    Path data;

    @Option(names = "--eval-limit", defaultValue = "0", paramLabel = "N", description = "evaluate at most N images (0 = all)")
    int evalLimit;

    @Option(names = "--no-eval", description = "skip the metric checks (pipeline parity, FP16 deltas); parity on outputs still runs")
    boolean noEval;

    @Option(names = "--frames", paramLabel = "DIR", description = "real frames for the parity inputs (default: ../shared/real-frames beside the project)")
    Path frames;

    @Option(names = "--segmentation-logits", description = "keep the segmentation logits as the output (seg_logits, "
            + "C channels; the runtime takes the argmax) instead of the class map computed in the graph (seg_classes, "
            + "1 channel: ONNX ArgMax, 1/C of the output to copy)")
    boolean segmentationLogits;

    @Option(names = "--random-inputs", defaultValue = "2", paramLabel = "N", description = "random parity inputs (default: 2)")
    int randomInputs;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter log = spec.commandLine().getOut();
        Path home = Path.of(System.getProperty("trident.home", ".")).toAbsolutePath().normalize();
        Path realFrames = frames != null ? frames : home.resolve("../shared/real-frames").normalize();
        try {
            if (randomInputs < 0 || evalLimit < 0) {
                throw new ExportException("--random-inputs and --eval-limit must be >= 0");
            }
            ModelExporter.export(new ModelExporter.Options(checkpoint, out, fp16, dynamic, singleTask, name, data, evalLimit,
                    !noEval, realFrames, randomInputs, segmentationLogits), log);
            return 0;
        } catch (ExportException | TridentException | IllegalArgumentException e) {
            log.flush();
            err.println("trident export: " + e.getMessage());
            err.flush();
            return TrainCommand.EXIT_BAD_INPUT;
        } catch (RuntimeException e) {
            log.flush();
            err.println("trident export: failed: " + e + " (please report this with the command line)");
            err.flush();
            return 1;
        }
    }
}
