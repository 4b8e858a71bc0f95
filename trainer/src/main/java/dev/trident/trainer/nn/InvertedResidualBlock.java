package dev.trident.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * MobileNetV2 inverted residual: expand conv1×1–BN–ReLU (omitted when the expansion is 1),
 * depthwise conv3×3(stride s)–BN–ReLU, project conv1×1–BN (linear); {@code y = body(x) + x} when
 * stride is 1 and in = out, else {@code y = body(x)}. Child: {@code body}; own operator: {@code Add}
 * (only with the skip). ReLU rather than ReLU6 keeps the ONNX mapping to plain {@code Relu}.
 * Not thread-safe (see {@link Layer}).
 */
public final class InvertedResidualBlock extends Layer {
    private final Sequential body;
    private final boolean skip;

    public InvertedResidualBlock(int in, int out, int stride, int expansion) {
        int hidden = in * expansion;
        Sequential b = new Sequential();
        if (expansion != 1) {
            b.add("expand", Sequential.convBnRelu(in, hidden, 1, 1));
        }
        b.add("depthwise", Sequential.depthwiseBnRelu(hidden, stride));
        b.add("project", Sequential.convBn(hidden, out, 1, 1));
        body = child("body", b);
        skip = stride == 1 && in == out;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        NDArray y = body.forward(x, training);
        return skip ? y.add(x) : y;
    }

    @Override
    public Shape outputShape(Shape input) {
        return body.outputShape(input);
    }

    @Override
    public String onnxOps() {
        return skip ? "Add" : "";
    }
}
