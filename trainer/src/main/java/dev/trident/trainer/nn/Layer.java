package dev.trident.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * A layer of the Trident network: one tensor in, one tensor out, with a documented forward that
 * maps 1:1 onto ONNX operators (see {@link #onnxOps()} and docs/training.md). Layers form a tree:
 * {@link #getChildren()} lists the named sub-layers in forward order, {@link #getDirectParameters()}
 * the named parameters of this node, so the exporter can walk the network without running it.
 *
 * <p>Parameters are created with their final shapes at construction; {@link #initialize} only
 * fills them (from their initializers). Not thread-safe: one training or inference thread at a time.
 */
public abstract class Layer extends AbstractBlock {

    /** The forward pass on an NCHW tensor; {@code training} switches BatchNorm to batch statistics. */
    public abstract NDArray forward(NDArray x, boolean training);

    /** The output shape for an NCHW input shape. */
    public abstract Shape outputShape(Shape input);

    /** Multiply-accumulate count of this layer (and its children) for one input of this shape. */
    public long macs(Shape input) {
        long total = 0;
        Shape s = input;
        for (Pair<String, Block> child : getChildren()) {
            Layer l = (Layer) child.getValue();
            total += l.macs(s);
            s = l.outputShape(s);
        }
        return total;
    }

    /** The ONNX operators this node itself emits (children excluded), e.g. "Conv". */
    public abstract String onnxOps();

    /** Number of trainable parameter values in this subtree. */
    public long trainableParameterCount() {
        long n = 0;
        for (Pair<String, ai.djl.nn.Parameter> p : getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getShape().size();
            }
        }
        return n;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(forward(inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {outputShape(inputShapes[0])};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (Pair<String, Block> child : getChildren()) {
            child.getValue().initialize(manager, dataType, s);
            s = ((Layer) child.getValue()).outputShape(s);
        }
    }

    /** Adds a named child layer (children run in the order they were added unless a subclass says otherwise). */
    protected final <L extends Layer> L child(String name, L layer) {
        return addChildBlock(name, layer);
    }
}
