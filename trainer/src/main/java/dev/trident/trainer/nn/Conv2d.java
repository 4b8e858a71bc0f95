package dev.trident.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;

/**
 * 2-D convolution, square kernel, zero padding {@code kernel / 2} on every side ("same" for odd
 * kernels at stride 1), optional groups (depthwise when groups = in = out) and optional bias.
 *
 * <p>Forward: {@code y = conv(x, weight[out, in/groups, k, k], bias[out]) } — ONNX {@code Conv}
 * with {@code kernel_shape=[k,k], strides=[s,s], pads=[p,p,p,p], dilations=[1,1], group=g}.
 * Parameters: {@code weight} (He-normal init), {@code bias} (only if enabled; init 0 or as set).
 *
 * <p>Not thread-safe (see {@link Layer}).
 */
public final class Conv2d extends Layer {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    public Conv2d(int in, int out, int kernel, int stride, int groups, boolean bias) {
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || groups <= 0 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("bad Conv2d " + in + "->" + out + " k" + kernel + " s" + stride + " g" + groups);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.groups = groups;
        double fanIn = (double) in / groups * kernel * kernel;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in / groups, kernel, kernel))
                .optInitializer(new NormalInitializer((float) Math.sqrt(2.0 / fanIn))).build());
        this.bias = bias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).optInitializer(new ConstantInitializer(0f)).build()) : null;
    }

    /** Plain convolution with bias, groups 1. */
    public static Conv2d withBias(int in, int out, int kernel, int stride) {
        return new Conv2d(in, out, kernel, stride, 1, true);
    }

    /** Convolution without bias (followed by BatchNorm), groups 1. */
    public static Conv2d noBias(int in, int out, int kernel, int stride) {
        return new Conv2d(in, out, kernel, stride, 1, false);
    }

    /** Sets the bias initial value (e.g. CenterNet's heatmap prior −2.19); before {@code initialize}. */
    public Conv2d biasInit(float value) {
        if (bias == null) {
            throw new IllegalStateException("conv has no bias");
        }
        bias.setInitializer(new ConstantInitializer(value));
        return this;
    }

    /** Sets a normal(0, std) weight init (small output layers); before {@code initialize}. */
    public Conv2d weightStd(float std) {
        weight.setInitializer(new NormalInitializer(std));
        return this;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int groups() {
        return groups;
    }

    public int padding() {
        return kernel / 2;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        int p = padding();
        return x.getNDArrayInternal().convolution(x, weight.getArray(), bias == null ? null : bias.getArray(),
                new Shape(stride, stride), new Shape(p, p), new Shape(1, 1), groups).singletonOrThrow();
    }

    @Override
    public Shape outputShape(Shape s) {
        int p = padding();
        long h = (s.get(2) + 2L * p - kernel) / stride + 1;
        long w = (s.get(3) + 2L * p - kernel) / stride + 1;
        return new Shape(s.get(0), out, h, w);
    }

    @Override
    public long macs(Shape input) {
        Shape o = outputShape(input);
        return o.get(0) * o.get(2) * o.get(3) * out * (long) (in / groups) * kernel * kernel;
    }

    @Override
    public String onnxOps() {
        return "Conv";
    }
}
