package dev.trident.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/** {@code y = max(x, 0)} — ONNX {@code Relu}. No parameters. Stateless, thread-safe. */
public final class Relu extends Layer {
    @Override
    public NDArray forward(NDArray x, boolean training) {
        return Activation.relu(x);
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public String onnxOps() {
        return "Relu";
    }
}
