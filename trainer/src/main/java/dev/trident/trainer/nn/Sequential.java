package dev.trident.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.util.Pair;

/**
 * Named layers applied one after the other: {@code y = ln(...l2(l1(x)))}. Emits no operator of
 * its own. Not thread-safe (see {@link Layer}).
 */
public class Sequential extends Layer {

    /** Appends a named layer. */
    public Sequential add(String name, Layer layer) {
        child(name, layer);
        return this;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        NDArray y = x;
        for (Pair<String, Block> c : getChildren()) {
            y = ((Layer) c.getValue()).forward(y, training);
        }
        return y;
    }

    @Override
    public Shape outputShape(Shape input) {
        Shape s = input;
        for (Pair<String, Block> c : getChildren()) {
            s = ((Layer) c.getValue()).outputShape(s);
        }
        return s;
    }

    @Override
    public String onnxOps() {
        return "";
    }

    /** conv(k, s, no bias) → BatchNorm → ReLU, the basic unit. */
    public static Sequential convBnRelu(int in, int out, int kernel, int stride) {
        return new Sequential().add("conv", Conv2d.noBias(in, out, kernel, stride))
                .add("bn", new BatchNorm2d(out)).add("relu", new Relu());
    }

    /** Depthwise 3×3 conv → BatchNorm → ReLU. */
    public static Sequential depthwiseBnRelu(int channels, int stride) {
        return new Sequential().add("conv", new Conv2d(channels, channels, 3, stride, channels, false))
                .add("bn", new BatchNorm2d(channels)).add("relu", new Relu());
    }

    /** conv(k, s, no bias) → BatchNorm (no activation). */
    public static Sequential convBn(int in, int out, int kernel, int stride) {
        return new Sequential().add("conv", Conv2d.noBias(in, out, kernel, stride)).add("bn", new BatchNorm2d(out));
    }
}
