package dev.trident.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.trident.trainer.nn.Conv2d;
import java.util.List;

/**
 * Segmentation head: trunk, then conv1×1 {@code logits} [N, C, h, w] (contract activation
 * {@code logits}: class = argmax). Not thread-safe.
 */
public final class SegmentationHead extends Head {
    private final Conv2d logits;
    private final int classes;

    public SegmentationHead(int in, int channels, int classes) {
        super("segmentation", in, channels);
        this.classes = classes;
        logits = child("logits", Conv2d.withBias(channels, classes, 1, 1).weightStd(0.01f));
    }

    @Override
    public List<String> outputNames() {
        return List.of("mask");
    }

    @Override
    public NDList outputs(NDArray features, boolean training) {
        return new NDList(logits.forward(trunk.forward(features, training), training));
    }

    @Override
    public Shape outputShape(Shape s) {
        return new Shape(s.get(0), classes, s.get(2), s.get(3));
    }
}
