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
 * @param regressionBox    [B, 4, h, w] the box (x1, y1, x2, y2, in cells) each regression cell regresses
 * @param regressionWeight [B, 1, h, w] GIoU weight per cell (0 = none; each object's cells sum to 1)
 */
public record Batch(int size, int height, int width, int stride, int classes,
                    float[] image, float[] heatmap, float[] boxSize, float[] offset, float[] centreMask,
                    float[] regressionBox, float[] regressionWeight, long[] segmentation, float[] depth, float[] hasDetection, float[] hasSegmentation,
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

    public NDArray regressionBox(NDManager m) {
        return m.create(regressionBox, new Shape(size, 4, headHeight(), headWidth()));
    }

    public NDArray regressionWeight(NDManager m) {
        return m.create(regressionWeight, new Shape(size, 1, headHeight(), headWidth()));
    }

    public NDArray segmentation(NDManager m) {
        return m.create(segmentation, new Shape(size, 1, headHeight(), headWidth()));
    }

    /**
     * [B, 1, H/step, W/step] int64 class ids of the input-resolution pixels
     * {@code (phaseY + k·step, phaseX + l·step)} ({@link BatchEncoder#IGNORE} for unlabelled pixels
     * and for samples without a segmentation label) — the targets of
     * {@link dev.trident.trainer.loss.PixelSampling}.
     */
    public NDArray segmentationSampled(NDManager m, int phaseY, int phaseX, int step) {
        int oh = height / step;
        int ow = width / step;
        long[] ids = new long[size * oh * ow];
        for (int i = 0; i < size; i++) {
            byte[] full = segmentationFull[i];
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    ids[(i * oh + y) * ow + x] = full == null ? BatchEncoder.IGNORE
                            : full[(phaseY + y * step) * width + phaseX + x * step] & 0xff;
                }
            }
        }
        return m.create(ids, new Shape(size, 1, oh, ow));
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
