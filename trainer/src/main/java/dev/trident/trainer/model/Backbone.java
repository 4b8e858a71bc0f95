package dev.trident.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.trident.trainer.nn.InvertedResidualBlock;
import dev.trident.trainer.nn.Layer;
import dev.trident.trainer.nn.ResidualBlock;
import dev.trident.trainer.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared backbone: stem conv3×3/2–BN–ReLU, then four stages at strides 4, 8, 16, 32, each a
 * stride-2 block followed by stride-1 blocks (residual or inverted-residual). Children:
 * {@code stem}, {@code stage1}..{@code stage4}. {@link #pyramid} returns the four stage outputs
 * (C2..C5) for the neck; {@link #forward} the deepest one. Not thread-safe.
 */
public final class Backbone extends Layer {
    private final Sequential stem;
    private final List<Sequential> stages = new ArrayList<>();
    private final int[] channels;

    public Backbone(ModelConfig.Architecture a) {
        stem = child("stem", Sequential.convBnRelu(3, a.stem(), 3, 2));
        channels = a.stages();
        int in = a.stem();
        for (int i = 0; i < channels.length; i++) {
            Sequential stage = new Sequential();
            for (int b = 0; b < a.blocks()[i]; b++) {
                int stride = b == 0 ? 2 : 1;
                Layer block = a.block() == ModelConfig.BlockType.RESIDUAL
                        ? new ResidualBlock(in, channels[i], stride)
                        : new InvertedResidualBlock(in, channels[i], stride, a.expansion());
                stage.add("block" + (b + 1), block);
                in = channels[i];
            }
            stages.add(child("stage" + (i + 1), stage));
        }
    }

    /** Output channels of stage 1..4 (strides 4, 8, 16, 32). */
    public int[] channels() {
        return channels.clone();
    }

    /** Stage outputs at strides 4, 8, 16, 32. */
    public List<NDArray> pyramid(NDArray x, boolean training) {
        List<NDArray> out = new ArrayList<>(stages.size());
        NDArray y = stem.forward(x, training);
        for (Sequential s : stages) {
            y = s.forward(y, training);
            out.add(y);
        }
        return out;
    }

    /** Stage output shapes for an input shape. */
    public List<Shape> pyramidShapes(Shape input) {
        List<Shape> out = new ArrayList<>();
        Shape s = stem.outputShape(input);
        for (Sequential st : stages) {
            s = st.outputShape(s);
            out.add(s);
        }
        return out;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        List<NDArray> p = pyramid(x, training);
        return p.get(p.size() - 1);
    }

    @Override
    public Shape outputShape(Shape input) {
        List<Shape> p = pyramidShapes(input);
        return p.get(p.size() - 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes);
    }

    @Override
    public String onnxOps() {
        return "";
    }
}
