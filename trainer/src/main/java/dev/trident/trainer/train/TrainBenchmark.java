package dev.trident.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.DatasetSample;
import dev.trident.trainer.data.LabelledSample;
import dev.trident.trainer.data.OpenCvNatives;
import dev.trident.trainer.model.ModelConfig;
import dev.trident.trainer.model.MultiTaskNet;
import dev.trident.trainer.weighting.TaskWeighting;
import dev.trident.trainer.weighting.WeightingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Prints the training throughput on this machine: batch loading + encoding (ms/batch) and one
 * optimisation step (ms/batch, samples/s) for a model size and input.
 *
 * <p>{@code java -Dai.djl.offline=true -cp "trainer/target/trident-trainer.jar:trainer/target/lib/*"
 * dev.trident.trainer.train.TrainBenchmark DATASET [n|s] [WxH] [batch] [steps] [none|bilinear]}
 * (the last: {@code model.segmentationUpsample})
 */
public final class TrainBenchmark {
    private TrainBenchmark() {
    }

    public static void main(String[] args) {
        OpenCvNatives.load();
        Path data = Path.of(args[0]);
        String size = args.length > 1 ? args[1] : "n";
        String[] wh = (args.length > 2 ? args[2] : "320x192").split("x");
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int steps = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        ModelConfig mc = new ModelConfig(size, null, null, null, null, null, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]),
                null, null, null, null, args.length > 5 ? args[5] : null);
        Dataset ds = Dataset.open(data);
        List<DatasetSample> samples = ds.samples().subList(0, batch);
        Engine.getEngine("PyTorch").setRandomSeed(1);
        try (NDManager root = Engine.getEngine("PyTorch").newBaseManager();
             BatchEncoder enc = new BatchEncoder(mc.inputWidth(), mc.inputHeight(), 4, mc.detectionClasses().size(),
                     ds.manifest().depthScale())) {
            long t0 = System.nanoTime();
            Batch b = null;
            for (int i = 0; i < 3; i++) {
                List<LabelledSample> loaded = new ArrayList<>();
                samples.forEach(s -> loaded.add(ds.load(s)));
                b = enc.encode(loaded, Augmentation.defaults(), new Random(i));
                loaded.forEach(LabelledSample::close);
            }
            double loadMs = (System.nanoTime() - t0) / 3e6;
            MultiTaskNet net = MultiTaskNet.create(mc, root);
            TaskWeighting w = TaskWeighting.create(WeightingConfig.of("equal"), new ArrayList<>(net.heads().keySet()), root);
            MultiTaskStep step = new MultiTaskStep(net, w, new AdamW(root, 1e-4), new TrainConfig.Loss(null, null, null, null));
            step.step(b, 1e-3); // warm-up
            long t1 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.step(b, 1e-3);
            }
            double stepMs = (System.nanoTime() - t1) / 1e6 / steps;
            System.out.printf("%s %s batch %d: load+encode %.0f ms/batch, train step %.0f ms/batch = %.1f samples/s (%s)%n",
                    size, args.length > 2 ? args[2] : "320x192", batch, loadMs, stepMs, batch * 1000 / stepMs,
                    List.of(Task.values()));
        }
    }
}
