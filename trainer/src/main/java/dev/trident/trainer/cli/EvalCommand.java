package dev.trident.trainer.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trident.runtime.TridentException;
import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.DatasetManifest;
import dev.trident.trainer.data.DatasetSample;
import dev.trident.trainer.data.OpenCvNatives;
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
 * {@code --split}) and prints the metrics; {@code --json F} also writes them. Not thread-safe.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a training checkpoint on a dataset.")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "checkpoint folder (runs/NAME/last)")
    Path checkpoint;

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
            SegmentationUpsampling upsampling = SegmentationUpsampling.parse(segUpsample);
            Checkpoint.Meta meta = Checkpoint.readMeta(checkpoint);
            OpenCvNatives.load();
            Dataset ds = Dataset.open(data);
            List<DatasetSample> samples = split == null ? ds.samples() : ds.samples(split);
            if (limit > 0 && samples.size() > limit) {
                samples = samples.subList(0, limit);
            }
            try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
                MultiTaskNet net = MultiTaskNet.create(meta.config().model(), m);
                Checkpoint.loadParameters(checkpoint, net);
                EvalResult r = Evaluator.evaluate(net, ds, samples, 16, upsampling);
                System.out.printf("%s (epoch %d) on %s, %d images: %s%s%n", checkpoint, meta.epoch(), data, r.images(), r.summary(),
                        upsampling == SegmentationUpsampling.NEAREST ? "" : " (segmentation: " + segUpsample + " upsampling)");
                System.out.print(r.perClass(meta.config().model().detectionClasses(), meta.config().model().segmentationClasses()));
                if (json != null) {
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r);
                }
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
}
