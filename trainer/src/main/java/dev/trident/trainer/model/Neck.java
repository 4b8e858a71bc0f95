package dev.trident.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.trident.trainer.nn.Conv2d;
import dev.trident.trainer.nn.Layer;
import dev.trident.trainer.nn.Sequential;
import dev.trident.trainer.nn.Upsample2x;
import java.util.ArrayList;
import java.util.List;

/**
 * FPN-style top-down neck down to stride 4 or 8. With backbone outputs C2..C5 (strides 4..32):
 * {@code P5 = lateral4(C5)}; for each finer level {@code Pi = smooth_i(lateral_i(Ci) + up(P(i+1)))}
 * where lateral = conv1×1–BN, up = {@link Upsample2x}, smooth = conv3×3–BN–ReLU; the finest
 * level then goes through {@code output}, a linear conv1×1 with bias: the <b>last shared
 * layer</b> (GradNorm's W). Children: {@code lateral1..4}, {@code smooth1..3} (only the levels in
 * use), {@code up}, {@code output}. Own operator: {@code Add}. Not thread-safe.
 */
public final class Neck extends Layer {
    private final List<Sequential> laterals = new ArrayList<>();
    private final List<Sequential> smooths = new ArrayList<>();
    private final Upsample2x up;
    private final Conv2d output;
    private final int finest; // index of the finest level used: 0 = stride 4, 1 = stride 8
    private final int channels;

    public Neck(int[] inChannels, int channels, int stride) {
        if (stride != 4 && stride != 8) {
            throw new IllegalArgumentException("neck stride must be 4 or 8, got " + stride);
        }
        this.channels = channels;
        finest = stride == 4 ? 0 : 1;
        for (int i = finest; i < inChannels.length; i++) {
            laterals.add(child("lateral" + (i + 1), Sequential.convBn(inChannels[i], channels, 1, 1)));
        }
        for (int i = finest; i < inChannels.length - 1; i++) {
            smooths.add(child("smooth" + (i + 1), Sequential.convBnRelu(channels, channels, 3, 1)));
        }
        up = child("up", new Upsample2x());
        output = child("output", Conv2d.withBias(channels, channels, 1, 1));
    }

    public int channels() {
        return channels;
    }

    public int stride() {
        return finest == 0 ? 4 : 8;
    }

    /** The last shared layer (GradNorm's W): a linear 1×1 conv. */
    public Conv2d output() {
        return output;
    }

    /** Runs the neck up to the input of {@link #output()} (the pre-output feature Z). */
    public NDArray beforeOutput(List<NDArray> pyramid, boolean training) {
        int top = pyramid.size() - 1;
        NDArray p = laterals.get(top - finest).forward(pyramid.get(top), training);
        for (int i = top - 1; i >= finest; i--) {
            NDArray merged = laterals.get(i - finest).forward(pyramid.get(i), training).add(up.forward(p, training));
            p = smooths.get(i - finest).forward(merged, training);
        }
        return p;
    }

    /** The shared features at the neck stride. */
    public NDArray forward(List<NDArray> pyramid, boolean training) {
        return output.forward(beforeOutput(pyramid, training), training);
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        throw new UnsupportedOperationException("the neck takes the backbone pyramid: use forward(List, boolean)");
    }

    /** Output shape for the backbone pyramid shapes. */
    public Shape outputShape(List<Shape> pyramid) {
        Shape s = pyramid.get(finest);
        return new Shape(s.get(0), channels, s.get(2), s.get(3));
    }

    /** Multiply-accumulates for the backbone pyramid shapes. */
    public long macs(List<Shape> pyramid) {
        long m = 0;
        for (int i = finest; i < pyramid.size(); i++) {
            m += laterals.get(i - finest).macs(pyramid.get(i));
        }
        for (int i = finest; i < pyramid.size() - 1; i++) {
            Shape s = pyramid.get(i);
            m += smooths.get(i - finest).macs(new Shape(s.get(0), channels, s.get(2), s.get(3)));
        }
        return m + output.macs(outputShape(pyramid));
    }

    @Override
    public Shape outputShape(Shape input) {
        throw new UnsupportedOperationException("use outputShape(List<Shape>)");
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape dummy = new Shape(1, channels, 8, 8); // every parameter shape is fixed at construction
        for (var c : getChildren()) {
            c.getValue().initialize(manager, dataType, dummy);
        }
    }

    @Override
    public String onnxOps() {
        return "Add";
    }
}
