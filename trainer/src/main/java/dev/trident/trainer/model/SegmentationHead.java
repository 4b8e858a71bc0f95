package dev.trident.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.trident.trainer.nn.BilinearUpsample;
import dev.trident.trainer.nn.Conv2d;
import java.util.List;

/**
 * Segmentation head: trunk, then conv1×1 {@code logits} [N, C, h, w] (contract activation
 * {@code logits}: class = argmax); with an upsampling factor f > 1, a last child {@code upsample}
 * ({@link BilinearUpsample}) takes the logits to [N, C, f·h, f·w] — at f = the neck stride, the
 * input resolution, so the loss sees every labelled pixel and the runtime gets a class per input
 * pixel. Not thread-safe.
 */
public final class SegmentationHead extends Head {
    private final Conv2d logits;
    private final int classes;
    private final BilinearUpsample upsample;

    public SegmentationHead(int in, int channels, int classes) {
        this(in, channels, classes, 1);
    }

    /** A head whose logits are upsampled bilinearly by {@code upsample} (1 = not at all). */
    public SegmentationHead(int in, int channels, int classes, int upsample) {
        super("segmentation", in, channels);
        this.classes = classes;
        logits = child("logits", Conv2d.withBias(channels, classes, 1, 1).weightStd(0.01f));
        this.upsample = upsample > 1 ? child("upsample", new BilinearUpsample(upsample)) : null;
    }

    /** The factor from the shared features' resolution to this head's output (1 or the neck stride). */
    public int upsampleFactor() {
        return upsample == null ? 1 : upsample.factor();
    }

    @Override
    public List<String> outputNames() {
        return List.of("mask");
    }

    /** The class logits at the shared features' resolution, before any upsampling. */
    public NDArray logits(NDArray features, boolean training) {
        return logits.forward(trunk.forward(features, training), training);
    }

    @Override
    public NDList outputs(NDArray features, boolean training) {
        NDArray x = logits(features, training);
        return new NDList(upsample == null ? x : upsample.forward(x, training));
    }

    @Override
    public Shape outputShape(Shape s) {
        int f = upsampleFactor();
        return new Shape(s.get(0), classes, s.get(2) * f, s.get(3) * f);
    }
}
