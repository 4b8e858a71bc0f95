package dev.trident.runtime.decode;

import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.SegmentationActivation;
import dev.trident.runtime.contract.SegmentationSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.SegmentationMap;
import java.util.Arrays;

/**
 * Decodes a segmentation head's {@code mask} tensor {@code [1, C, h, w]} into a preallocated
 * {@link SegmentationMap}. Logits heads: each cell takes the argmax over the channels (the first
 * on ties). Sigmoid heads: channel c is on where its probability is ≥ {@code segmentation.threshold}
 * (tested on the logit directly when the channels hold logits); the cell's class is the on channel
 * with the highest output, or {@link SegmentationMap#NONE}. Non-finite values are skipped (a cell
 * with no finite channel is NONE) and counted. Argmax heads (the class index computed in the graph,
 * one channel): each cell takes the index it holds; a value that is not a whole number in
 * 0..C−1 (NaN included) gives NONE and is counted.
 *
 * <p>Not thread-safe; one per head, scratch reused across frames.
 */
public final class SegmentationDecoder {
    private final HeadSpec head;
    private final boolean sigmoid;
    private final boolean argmaxInGraph;
    /** Sigmoid heads: on when the raw value is ≥ this (the threshold, or its logit). */
    private final double rawThreshold;
    private final int classCount;
    /** Cells decoded per pass over the channels. */
    private static final int TILE = 2048;
    private float[] plane = new float[0];
    private float[] best = new float[0];

    public SegmentationDecoder(HeadSpec head) {
        Shapes.requireTask(head, Task.SEGMENTATION, "SegmentationDecoder");
        if (head.classes().size() > SegmentationMap.NONE) {
            throw new IllegalArgumentException("segmentation head '" + head.name() + "' has " + head.classes().size()
                    + " classes; at most " + SegmentationMap.NONE + " are supported");
        }
        SegmentationSpec spec = head.segmentation();
        this.head = head;
        this.sigmoid = spec.activation() == SegmentationActivation.SIGMOID;
        this.argmaxInGraph = spec.activation() == SegmentationActivation.ARGMAX;
        double t = spec.threshold();
        this.rawThreshold = spec.probabilities() ? t : Math.log(t / (1 - t));
        this.classCount = head.classes().size();
    }

    /** A map of the right kind for this head, {@code headWidth×headHeight} cells. */
    public SegmentationMap newMap(int headWidth, int headHeight) {
        return new SegmentationMap(headWidth, headHeight, head.classes(), sigmoid);
    }

    /**
     * Decodes this frame's mask into {@code out} (made by {@link #newMap} with the tensor's size).
     *
     * @return the number of non-finite values met (argmax heads: values that are no class index)
     * @throws dev.trident.runtime.contract.ContractException when the tensor does not match the contract
     */
    public int decode(TensorView mask, InputTransform transform, SegmentationMap out) {
        if (argmaxInGraph) {
            Shapes.requireChw(head, mask, 1, "a class map (activation argmax: one channel of class indices)", true);
        } else {
            Shapes.requireChw(head, mask, classCount, "a segmentation mask (one channel per class)", true);
        }
        int w = mask.dim(-1);
        int h = mask.dim(-2);
        Shapes.stride(head, mask, transform);
        if (out.width() != w || out.height() != h || out.multiLabel() != sigmoid || out.classes().size() != classCount) {
            throw new IllegalArgumentException("segmentation map " + out.width() + "x" + out.height() + " does not fit head '"
                    + head.name() + "' output " + mask.shapeText() + "; make it with newMap(" + w + ", " + h + ")");
        }
        int cells = w * h;
        if (best.length < cells) {
            plane = new float[Math.min(TILE, cells)];
            best = new float[cells];
        }
        byte[] classIds = out.classIds();
        Arrays.fill(classIds, (byte) SegmentationMap.NONE);
        if (argmaxInGraph) {
            int bad = copyClassIndices(mask, cells, classIds);
            out.onDecoded(transform);
            return bad;
        }
        Arrays.fill(best, 0, cells, Float.NEGATIVE_INFINITY);
        int nonFinite = 0;
        byte[] masks = out.channelMasks();
        // tile by tile, so that a tile's running maxima stay in the L1 cache across the channels
        // (a full-resolution map is 14 channels x 61,440 cells at 320x192)
        for (int start = 0; start < cells; start += TILE) {
            int len = Math.min(TILE, cells - start);
            for (int c = 0; c < classCount; c++) {
                mask.copyTo(c * cells + start, plane, 0, len);
                byte id = (byte) c;
                if (sigmoid) {
                    int base = c * cells + start;
                    for (int i = 0; i < len; i++) {
                        float v = plane[i];
                        boolean finite = Float.isFinite(v);
                        boolean on = finite && v >= rawThreshold;
                        masks[base + i] = on ? (byte) 1 : 0;
                        if (!finite) {
                            nonFinite++;
                        } else if (on && v > best[start + i]) {
                            best[start + i] = v;
                            classIds[start + i] = id;
                        }
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        float v = plane[i];
                        if (!Float.isFinite(v)) {
                            nonFinite++;
                        } else if (v > best[start + i]) {
                            best[start + i] = v;
                            classIds[start + i] = id;
                        }
                    }
                }
            }
        }
        out.onDecoded(transform);
        return nonFinite;
    }

    /** Argmax heads: the class index of each cell, tile by tile; returns the count of values that are no index. */
    private int copyClassIndices(TensorView mask, int cells, byte[] classIds) {
        int bad = 0;
        for (int start = 0; start < cells; start += TILE) {
            int len = Math.min(TILE, cells - start);
            mask.copyTo(start, plane, 0, len);
            for (int i = 0; i < len; i++) {
                float v = plane[i];
                int id = (int) v;
                // NaN casts to 0: the comparison on v itself rejects it, and 2.5 or -1 alike
                if (id == v && id >= 0 && id < classCount) {
                    classIds[start + i] = (byte) id;
                } else {
                    bad++; // classIds[start + i] stays NONE
                }
            }
        }
        return bad;
    }
}
