package dev.trident.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.loss.PixelSampling;
import dev.trident.trainer.loss.TaskLosses;
import dev.trident.trainer.model.DepthHead;
import dev.trident.trainer.model.Head;
import dev.trident.trainer.model.MultiTaskNet;
import dev.trident.trainer.model.SegmentationHead;
import dev.trident.trainer.nn.GraphScalars;
import dev.trident.trainer.weighting.TaskWeighting;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimisation step of the multi-task network.
 *
 * <p>The shared features F are computed once; each head whose task has labels in the batch runs
 * on its own detached copy F_i of F (a leaf that records ∂/∂F of that head's weighted loss), so the
 * per-task gradients at the last shared layer are available for GradNorm. The first backward
 * pass fills the heads' (and the weighting's) gradients and the F_i gradients; the second
 * back-propagates {@code Σ_i ∂L/∂F_i} through the neck and backbone. The result equals the
 * gradient of the weighted sum. A task without labels in the batch does not run its head: it
 * contributes exactly 0 and no gradient.
 *
 * <p>Not thread-safe: the training thread only.
 */
public final class MultiTaskStep {
    private final MultiTaskNet net;
    private final TaskWeighting weighting;
    private final AdamW optimizer;
    private final TrainConfig.Loss lossConfig;
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    /** Runs between the forward pass and each backward pass; tests use it to force a GC there. */
    private Runnable beforeBackward = () -> { };

    public MultiTaskStep(MultiTaskNet net, TaskWeighting weighting, AdamW optimizer, TrainConfig.Loss lossConfig) {
        this.net = net;
        this.weighting = weighting;
        this.optimizer = optimizer;
        this.lossConfig = lossConfig;
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.put(p.getKey(), p.getValue().getArray());
            }
        }
        trainable.putAll(weighting.parameters());
    }

    /** Test hook: {@code hook} runs after the forward pass, before each backward pass. */
    void beforeBackward(Runnable hook) {
        this.beforeBackward = hook;
    }

    /** Trainable arrays by name (network parameters and learnable task weights). */
    public Map<String, NDArray> trainable() {
        return trainable;
    }

    /** Per-task losses (scalars) for a batch, heads run on {@code features}' per-task leaves. */
    public Map<Task, NDArray> taskLosses(Map<Task, NDArray> featureLeaves, Batch batch, NDManager m, boolean training) {
        Map<Task, NDArray> losses = new LinkedHashMap<>();
        for (Map.Entry<Task, NDArray> e : featureLeaves.entrySet()) {
            Task t = e.getKey();
            Head head = net.head(t);
            if (t == Task.SEGMENTATION && ((SegmentationHead) head).upsampleFactor() > 1) {
                losses.put(t, TaskLosses.maskedMean(sampledSegmentationLoss((SegmentationHead) head, e.getValue(), batch, m,
                        training), batch.mask(m, t)));
                continue;
            }
            NDList out = head.outputs(e.getValue(), training);
            NDArray perSample = switch (t) {
                case DETECTION -> {
                    NDArray mask = batch.centreMask(m);
                    NDArray focal = TaskLosses.focal(out.get(0), batch.heatmap(m));
                    NDArray size = TaskLosses.maskedL1(out.get(1), batch.boxSize(m), mask);
                    NDArray off = TaskLosses.maskedL1(out.get(2), batch.offset(m), mask);
                    NDArray det = focal.add(GraphScalars.mul(size, lossConfig.sizeWeight()))
                            .add(GraphScalars.mul(off, lossConfig.offsetWeight()));
                    if (lossConfig.giouWeight() > 0) {
                        NDArray giou = TaskLosses.giou(out.get(1), out.get(2), batch.regressionBox(m),
                                batch.regressionWeight(m));
                        det = det.add(GraphScalars.mul(giou, lossConfig.giouWeight()));
                    }
                    yield det;
                }
                case SEGMENTATION -> TaskLosses.crossEntropy(out.get(0), batch.segmentation(m), BatchEncoder.IGNORE);
                case DEPTH -> {
                    NDArray logPred = ((DepthHead) head).toLogDepth(out.get(0));
                    yield lossConfig.depth().equals("silog")
                            ? TaskLosses.silog(logPred, batch.depth(m), 0.85f)
                            : TaskLosses.logDepthL1(logPred, batch.depth(m));
                }
            };
            losses.put(t, TaskLosses.maskedMean(perSample, batch.mask(m, t)));
        }
        return losses;
    }

    /**
     * Cross-entropy of a head that upsamples its logits to the input, per sample: on the pixels of
     * one of the four phases of a stride-2 grid (cycling with the optimizer step, so every pixel
     * is trained), the logits bilinearly interpolated exactly as the exported Resize does — a
     * quarter of the full-resolution loss's cost.
     */
    private NDArray sampledSegmentationLoss(SegmentationHead head, NDArray features, Batch batch, NDManager m,
                                            boolean training) {
        int phase = (int) (optimizer.step() % 4);
        int py = phase / 2;
        int px = phase % 2;
        NDArray logits = head.logits(features, training);
        NDArray sampled = PixelSampling.bilinear(logits, m, head.upsampleFactor(), py, px, 2);
        return TaskLosses.crossEntropy(sampled, batch.segmentationSampled(m, py, px, 2), BatchEncoder.IGNORE);
    }

    /** Forward, backward and an optimizer step at learning rate {@code lr}, no gradient clipping. */
    public StepLosses step(Batch batch, double lr) {
        return step(batch, lr, 0);
    }

    /**
     * Forward, backward and an optimizer step at learning rate {@code lr}, the global gradient norm
     * clipped to {@code clipGradNorm} (0 = none); the result carries the norm before clipping.
     */
    public StepLosses step(Batch batch, double lr, double clipGradNorm) {
        StepLosses s = computeGradients(batch);
        if (!s.losses().isEmpty()) {
            s = s.withGradNorm(optimizer.update(trainable, lr, clipGradNorm));
        }
        return s;
    }

    /**
     * Forward and backward only: fills the gradients (and informs the weighting) without
     * updating the parameters. Gradients accumulate until the next optimizer update zeroes them.
     */
    public StepLosses computeGradients(Batch batch) {
        Map<Task, Double> lossValues = new LinkedHashMap<>();
        Map<Task, Double> norms = new LinkedHashMap<>();
        Map<Task, Double> weightsUsed = weighting.weights();
        double total;
        try (NDManager m = net.getParameters().get(0).getValue().getArray().getManager().newSubManager();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray image = batch.image(m);
            NDArray z = net.sharedPreOutput(image, true);
            NDArray f = net.neck().output().forward(z, true);
            Map<Task, NDArray> leaves = new LinkedHashMap<>();
            for (Task t : net.heads().keySet()) {
                if (batch.labelledCount(t) > 0) {
                    NDArray leaf = f.stopGradient();
                    leaf.setRequiresGradient(true);
                    leaves.put(t, leaf);
                }
            }
            if (leaves.isEmpty()) {
                return new StepLosses(Map.of(), 0, weightsUsed, Map.of(), Double.NaN);
            }
            Map<Task, NDArray> losses = taskLosses(leaves, batch, m, true);
            NDArray combined = weighting.combine(losses);
            total = combined.getFloat();
            losses.forEach((t, l) -> lossValues.put(t, (double) l.getFloat()));
            beforeBackward.run();
            gc.backward(combined);
            NDArray featureGrad = null;
            for (Map.Entry<Task, NDArray> e : leaves.entrySet()) {
                NDArray g = e.getValue().getGradient();
                g.attach(m);
                featureGrad = featureGrad == null ? g : featureGrad.add(g);
                if (weighting.needsGradientNorms()) {
                    double w = weightsUsed.get(e.getKey());
                    norms.put(e.getKey(), weightGradientNorm(g, z.stopGradient()) / Math.max(w, 1e-12));
                }
            }
            NDArray neckTarget = f.mul(featureGrad.stopGradient()).sum();
            beforeBackward.run();
            gc.backward(neckTarget);
        }
        if (weighting.needsGradientNorms()) {
            weighting.afterBackward(lossValues, norms);
        }
        return new StepLosses(lossValues, total, weightsUsed, norms, Double.NaN);
    }

    /**
     * ||∂L/∂W|| for the last shared layer W (conv1×1: F = W·Z + b) given g = ∂L/∂F:
     * ∂L/∂W[o, i] = Σ_{n,y,x} g[n,o,y,x]·Z[n,i,y,x].
     */
    static double weightGradientNorm(NDArray g, NDArray z) {
        long co = g.getShape().get(1);
        long ci = z.getShape().get(1);
        NDArray gm = g.transpose(1, 0, 2, 3).reshape(co, -1);
        NDArray zm = z.transpose(1, 0, 2, 3).reshape(ci, -1);
        return gm.matMul(zm.transpose()).square().sum().sqrt().getFloat();
    }
}
