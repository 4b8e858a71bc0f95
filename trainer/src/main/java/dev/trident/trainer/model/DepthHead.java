package dev.trident.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.trident.trainer.nn.Conv2d;
import dev.trident.trainer.nn.GraphScalars;
import dev.trident.trainer.nn.Sigmoid;
import java.util.List;

/**
 * Depth head: trunk, conv1×1 {@code logit} [N, 1, h, w], {@code sigmoid}: the output v ∈ (0, 1)
 * is Monodepth2's scaled disparity (contract encoding {@code disparity}):
 * {@code depth = 1 / (1/max + (1/min − 1/max)·v)}, bounded to [min, max] by construction.
 * Not thread-safe.
 */
public final class DepthHead extends Head {
    private final Conv2d logit;
    private final Sigmoid sigmoid;
    private final double minDepth;
    private final double maxDepth;

    public DepthHead(int in, int channels, double minDepth, double maxDepth) {
        super("depth", in, channels);
        this.minDepth = minDepth;
        this.maxDepth = maxDepth;
        // bias prior: v ≈ 0.05, i.e. a depth of some 10 m for 0.5..80 m
        logit = child("logit", Conv2d.withBias(channels, 1, 1, 1).weightStd(0.01f).biasInit(-3f));
        sigmoid = child("sigmoid", new Sigmoid());
    }

    public double minDepth() {
        return minDepth;
    }

    public double maxDepth() {
        return maxDepth;
    }

    /** Depth in metres from the head output v (element-wise, differentiable). */
    public NDArray toDepth(NDArray v) {
        double a = 1.0 / maxDepth;
        double b = 1.0 / minDepth - 1.0 / maxDepth;
        return GraphScalars.pow(GraphScalars.add(GraphScalars.mul(v, b), a), -1);
    }

    /** log depth from v: −log(1/max + (1/min − 1/max)·v). */
    public NDArray toLogDepth(NDArray v) {
        double a = 1.0 / maxDepth;
        double b = 1.0 / minDepth - 1.0 / maxDepth;
        return GraphScalars.add(GraphScalars.mul(v, b), a).log().neg();
    }

    @Override
    public List<String> outputNames() {
        return List.of("depth");
    }

    @Override
    public NDList outputs(NDArray features, boolean training) {
        return new NDList(sigmoid.forward(logit.forward(trunk.forward(features, training), training), training));
    }

    @Override
    public Shape outputShape(Shape s) {
        return new Shape(s.get(0), 1, s.get(2), s.get(3));
    }
}
