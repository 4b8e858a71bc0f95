package dev.trident.trainer.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.contract.ContractSource;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.onnx.OnnxModelFile;
import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.DatasetManifest;
import dev.trident.trainer.data.DatasetSample;
import dev.trident.trainer.data.OpenCvNatives;
import dev.trident.trainer.export.EngineEvaluator;
import dev.trident.trainer.metrics.SegmentationUpsampling;
import dev.trident.trainer.model.MultiTaskNet;
import dev.trident.trainer.train.Checkpoint;
import dev.trident.trainer.train.EvalResult;
import dev.trident.trainer.train.Evaluator;
import dev.trident.trainer.train.TrainConfigException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trident eval --checkpoint K --data D}: scores a checkpoint on a dataset (all splits, or
 * {@code --split}) and prints the metrics; {@code --json F} also writes them. {@code --model M.onnx}
 * instead scores an exported model the way a vehicle runs it — through the runtime engine
 * ({@link EngineEvaluator}), with the same metrics and ground truth. Not thread-safe.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a training checkpoint (--checkpoint) or an exported ONNX model (--model) on a dataset.")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", description = "checkpoint folder (runs/NAME/last), scored in DJL")
    Path checkpoint;

    @Option(names = "--model", description = "exported model (.onnx with its contract), scored through the runtime engine "
            + "on the CPU provider")
    Path model;

    @Option(names = "--data", required = true, description = "dataset folder")
    Path data;

    @Option(names = "--split", description = "only this split (default: all samples)")
    String split;

    @Option(names = "--limit", defaultValue = "0", description = "evaluate at most N samples (0 = all)")
    int limit;

    @Option(names = "--json", description = "also write the metrics as JSON here")
    Path json;

    @Option(names = "--seg-upsample", defaultValue = "nearest", paramLabel = "nearest|bilinear",
            description = "how segmentation logits reach the input resolution before scoring: nearest (the "
                    + "runtime's class map, default) or bilinear (interpolated logits)")
    String segUpsample;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!Files.isRegularFile(data.resolve(DatasetManifest.FILE))) {
                throw new TrainConfigException("--data " + data + " is not a dataset folder (no "
                        + DatasetManifest.FILE + "); make one with ./trident gen-data --out DIR");
            }
            if ((checkpoint == null) == (model == null)) {
                throw new TrainConfigException("give exactly one of --checkpoint K (a training checkpoint) and --model M.onnx "
                        + "(an exported model)");
            }
            SegmentationUpsampling upsampling = SegmentationUpsampling.parse(segUpsample);
            if (model != null) {
                return evaluateModel(upsampling);
            }
            Checkpoint.Meta meta = Checkpoint.readMeta(checkpoint);
            OpenCvNatives.load();
            Dataset ds = Dataset.open(data);
            List<DatasetSample> samples = samples(ds);
            try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
                MultiTaskNet net = MultiTaskNet.create(meta.config().model(), m);
                Checkpoint.loadParameters(checkpoint, net);
                EvalResult r = Evaluator.evaluate(net, ds, samples, 16, upsampling);
                System.out.printf("%s (epoch %d) on %s, %d images: %s%s%n", checkpoint, meta.epoch(), data, r.images(), r.summary(),
                        upsampling == SegmentationUpsampling.NEAREST ? "" : " (segmentation: " + segUpsample + " upsampling)");
                System.out.print(r.perClass(meta.config().model().detectionClasses(), meta.config().model().segmentationClasses()));
                writeJson(r);
            }
            return 0;
        } catch (TrainConfigException | IllegalArgumentException | TridentException e) {
            err.println("trident eval: " + e.getMessage());
            err.flush();
            return TrainCommand.EXIT_BAD_INPUT;
        } catch (java.io.IOException | RuntimeException e) {
            err.println("trident eval: failed: " + e);
            err.flush();
            return 1;
        }
    }

    private int evaluateModel(SegmentationUpsampling upsampling) throws java.io.IOException {
        if (upsampling != SegmentationUpsampling.NEAREST) {
            throw new TrainConfigException("--seg-upsample applies to --checkpoint only: an exported model's class map is "
                    + "what the runtime scores");
        }
        if (!Files.isRegularFile(model)) {
            throw new TrainConfigException("--model " + model + " is not a file; give an exported .onnx model "
                    + "(./trident export --checkpoint K --out M.onnx)");
        }
        OpenCvNatives.load();
        Dataset ds = Dataset.open(data);
        List<DatasetSample> samples = samples(ds);
        ModelContract contract = ContractSource.find(OnnxModelFile.read(model)).contract();
        EvalResult r = EngineEvaluator.evaluate(model, contract, ds, samples);
        System.out.printf("%s (model %s, through the runtime engine) on %s, %d images: %s%n", model, contract.name(), data,
                r.images(), r.summary());
        System.out.print(r.perClass(classes(contract, Task.DETECTION), classes(contract, Task.SEGMENTATION)));
        writeJson(r);
        return 0;
    }

    private List<DatasetSample> samples(Dataset ds) {
        List<DatasetSample> samples = split == null ? ds.samples() : ds.samples(split);
        return limit > 0 && samples.size() > limit ? samples.subList(0, limit) : samples;
    }

    private static List<String> classes(ModelContract contract, Task task) {
        return contract.heads().stream().filter(h -> h.task() == task).findFirst().map(HeadSpec::classes).orElse(List.of());
    }

    private void writeJson(EvalResult r) throws java.io.IOException {
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r);
        }
    }
}
