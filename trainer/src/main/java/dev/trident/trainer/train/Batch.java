package dev.trident.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.trident.runtime.contract.Task;
import java.util.List;

/**
 * One batch of encoded samples on the host: the normalised image, the per-task training targets
 * at the head stride, per-sample task masks (partial labels) and, for evaluation, the labels at
 * the model input resolution. Built by {@link BatchEncoder}; {@link #image(NDManager)} etc. copy
 * parts to the engine. Not thread-safe; handed from the loader thread to the training thread.
 *
 * @param size    number of samples B
 * @param height  model input height H
 * @param width   model input width W
 * @param stride  head stride s (targets are h = H/s by w = W/s)
 * @param classes detection classes C
 */
public record Batch(int size, int height, int width, int stride, int classes,
                    float[] image, float[] heatmap, float[] boxSize, float[] offset, float[] centreMask,
                    long[] segmentation, float[] depth, float[] hasDetection, float[] hasSegmentation,
                    float[] hasDepth, byte[][] segmentationFull, float[][] depthFull, List<List<float[]>> boxes) {

    public int headHeight() {
        return height / stride;
    }

    public int headWidth() {
        return width / stride;
    }

    public NDArray image(NDManager m) {
        return m.create(image, new Shape(size, 3, height, width));
    }

    public NDArray heatmap(NDManager m) {
        return m.create(heatmap, new Shape(size, classes, headHeight(), headWidth()));
    }

    public NDArray boxSize(NDManager m) {
        return m.create(boxSize, new Shape(size, 2, headHeight(), headWidth()));
    }

    public NDArray offset(NDManager m) {
        return m.create(offset, new Shape(size, 2, headHeight(), headWidth()));
    }

    public NDArray centreMask(NDManager m) {
        return m.create(centreMask, new Shape(size, 1, headHeight(), headWidth()));
    }

    public NDArray segmentation(NDManager m) {
        return m.create(segmentation, new Shape(size, 1, headHeight(), headWidth()));
    }

    public NDArray depth(NDManager m) {
        return m.create(depth, new Shape(size, 1, headHeight(), headWidth()));
    }

    /** [B] mask: 1 where the sample carries the task's label. */
    public NDArray mask(NDManager m, Task t) {
        return m.create(labelled(t), new Shape(size));
    }

    /** The per-sample task mask on the host. */
    public float[] labelled(Task t) {
        return switch (t) {
            case DETECTION -> hasDetection;
            case SEGMENTATION -> hasSegmentation;
            case DEPTH -> hasDepth;
        };
    }

    /** How many samples carry the task's label. */
    public int labelledCount(Task t) {
        int n = 0;
        for (float v : labelled(t)) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }
}
