package dev.trident.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * ResNet basic block: {@code y = relu(body(x) + shortcut(x))} with
 * body = conv3×3(stride s)–BN–ReLU–conv3×3–BN and shortcut = identity, or conv1×1(stride s)–BN
 * when the stride or channel count changes. Children: {@code body}, optional {@code shortcut};
 * own operators: {@code Add}, {@code Relu}. Not thread-safe (see {@link Layer}).
 */
public final class ResidualBlock extends Layer {
    private final Sequential body;
    private final Sequential shortcut;

    public ResidualBlock(int in, int out, int stride) {
        body = child("body", new Sequential()
                .add("conv1", Conv2d.noBias(in, out, 3, stride)).add("bn1", new BatchNorm2d(out)).add("relu1", new Relu())
                .add("conv2", Conv2d.noBias(out, out, 3, 1)).add("bn2", new BatchNorm2d(out)));
        shortcut = stride != 1 || in != out ? child("shortcut", Sequential.convBn(in, out, 1, stride)) : null;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        NDArray skip = shortcut == null ? x : shortcut.forward(x, training);
        return Activation.relu(body.forward(x, training).add(skip));
    }

    @Override
    public Shape outputShape(Shape input) {
        return body.outputShape(input);
    }

    @Override
    public long macs(Shape input) {
        return body.macs(input) + (shortcut == null ? 0 : shortcut.macs(input));
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType,
                                         Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public String onnxOps() {
        return "Add, Relu";
    }
}
