package dev.trident.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.trident.trainer.nn.Conv2d;
import java.util.List;

/**
 * CenterNet head: shared trunk, then three conv1×1 outputs: {@code heatmap} [N, C, h, w] class
 * heatmap <b>logits</b> (bias prior −2.19 = logit(0.1); the contract sets {@code heatmapLogits:
 * true}, or the exporter appends a Sigmoid), {@code size} [N, 2, h, w] box (w, h) in cells
 * (contract {@code sizeInCells: true}), {@code offset} [N, 2, h, w] centre (dx, dy) in cells.
 * Not thread-safe.
 */
public final class DetectionHead extends Head {
    public static final float HEATMAP_PRIOR = -2.19f;
    private final Conv2d heatmap;
    private final Conv2d size;
    private final Conv2d offset;
    private final int classes;

    public DetectionHead(int in, int channels, int classes) {
        super("detection", in, channels);
        this.classes = classes;
        heatmap = child("heatmap", Conv2d.withBias(channels, classes, 1, 1).weightStd(0.01f).biasInit(HEATMAP_PRIOR));
        size = child("size", Conv2d.withBias(channels, 2, 1, 1).weightStd(0.01f).biasInit(4f));
        offset = child("offset", Conv2d.withBias(channels, 2, 1, 1).weightStd(0.01f).biasInit(0.5f));
    }

    public int classes() {
        return classes;
    }

    @Override
    public List<String> outputNames() {
        return List.of("heatmap", "size", "offset");
    }

    @Override
    public NDList outputs(NDArray features, boolean training) {
        NDArray t = trunk.forward(features, training);
        return new NDList(heatmap.forward(t, training), size.forward(t, training), offset.forward(t, training));
    }

    @Override
    public Shape outputShape(Shape s) {
        return new Shape(s.get(0), classes + 4, s.get(2), s.get(3));
    }
}
