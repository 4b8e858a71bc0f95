package dev.trident.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;

/**
 * Batch normalisation over the channel axis of an NCHW tensor.
 *
 * <p>Forward, evaluation: {@code y = gamma · (x − runningMean) / sqrt(runningVar + eps) + beta}
 * — ONNX {@code BatchNormalization} (epsilon = {@link #EPS}) with inputs scale = gamma, B = beta,
 * input_mean = runningMean, input_var = runningVar. Training: batch statistics, and the running
 * statistics move by {@code running = (1 − m)·running + m·batch} with m = {@link #MOMENTUM}
 * (PyTorch's convention). Parameters: {@code gamma} (1), {@code beta} (0), {@code runningMean} (0),
 * {@code runningVar} (1); the last two are not trained.
 *
 * <p>Not thread-safe (see {@link Layer}).
 */
public final class BatchNorm2d extends Layer {
    /** Variance epsilon, as in PyTorch. */
    public static final float EPS = 1e-5f;
    /** Running-statistics update rate, as PyTorch's momentum. */
    public static final float MOMENTUM = 0.1f;

    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    public BatchNorm2d(int channels) {
        this.channels = channels;
        Shape s = new Shape(channels);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(s)
                .optInitializer(new ConstantInitializer(1f)).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(s)
                .optInitializer(new ConstantInitializer(0f)).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(s).optInitializer(new ConstantInitializer(0f)).optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optShape(s).optInitializer(new ConstantInitializer(1f)).optRequiresGrad(false).build());
    }

    public int channels() {
        return channels;
    }

    public Parameter gamma() {
        return gamma;
    }

    public Parameter beta() {
        return beta;
    }

    public Parameter runningMean() {
        return runningMean;
    }

    public Parameter runningVar() {
        return runningVar;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        // DJL passes (1 − momentum) to PyTorch: 0.9 here means PyTorch momentum 0.1
        return x.getNDArrayInternal().batchNorm(x, runningMean.getArray(), runningVar.getArray(),
                gamma.getArray(), beta.getArray(), 1, 1f - MOMENTUM, EPS, training).singletonOrThrow();
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public long macs(Shape input) {
        return 0; // folded into the preceding Conv at export
    }

    @Override
    public String onnxOps() {
        return "BatchNormalization";
    }
}
