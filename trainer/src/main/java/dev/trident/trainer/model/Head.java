package dev.trident.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.trident.trainer.nn.Layer;
import dev.trident.trainer.nn.Sequential;
import java.util.List;

/**
 * A task head on the shared features: a conv3×3–BN–ReLU trunk ({@code trunk}) and one or more
 * output layers. {@link #outputs} returns them in {@link #outputNames()} order;
 * {@link #forward} concatenates them on the channel axis (ONNX {@code Concat}, axis 1).
 * Not thread-safe.
 */
public abstract class Head extends Layer {
    protected final Sequential trunk;
    private final String name;

    protected Head(String name, int in, int channels) {
        this.name = name;
        trunk = child("trunk", Sequential.convBnRelu(in, channels, 3, 1));
    }

    /** The head's name = its task name (detection, segmentation, depth). */
    public String name() {
        return name;
    }

    /** Output roles in order (e.g. heatmap, size, offset). */
    public abstract List<String> outputNames();

    /** The outputs, in {@link #outputNames()} order. */
    public abstract NDList outputs(NDArray features, boolean training);

    @Override
    public NDArray forward(NDArray x, boolean training) {
        NDList o = outputs(x, training);
        return o.size() == 1 ? o.head() : ai.djl.ndarray.NDArrays.concat(o, 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape t = trunk.outputShape(inputShapes[0]);
        trunk.initialize(manager, dataType, inputShapes);
        for (var c : getChildren()) {
            if (c.getValue() != trunk) {
                c.getValue().initialize(manager, dataType, t);
            }
        }
    }

    @Override
    public long macs(Shape input) {
        Shape t = trunk.outputShape(input);
        long m = trunk.macs(input);
        for (var c : getChildren()) {
            if (c.getValue() != trunk) {
                m += ((Layer) c.getValue()).macs(t);
            }
        }
        return m;
    }

    @Override
    public String onnxOps() {
        return outputNames().size() > 1 ? "Concat (forward only; the exporter emits the outputs separately)" : "";
    }
}
