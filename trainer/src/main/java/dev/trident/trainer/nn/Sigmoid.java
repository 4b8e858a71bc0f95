package dev.trident.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/** {@code y = 1 / (1 + exp(−x))} — ONNX {@code Sigmoid}. No parameters. Stateless, thread-safe. */
public final class Sigmoid extends Layer {
    @Override
    public NDArray forward(NDArray x, boolean training) {
        return Activation.sigmoid(x);
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public String onnxOps() {
        return "Sigmoid";
    }
}
