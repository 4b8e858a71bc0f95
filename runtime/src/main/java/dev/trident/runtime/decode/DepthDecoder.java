package dev.trident.runtime.decode;

import dev.trident.runtime.contract.DepthEncoding;
import dev.trident.runtime.contract.DepthSpec;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.DepthMap;

/**
 * Decodes a depth head's {@code depth} tensor {@code [1, 1, h, w]} (or {@code [1, h, w]}) into
 * metres in a preallocated {@link DepthMap}, per {@link DepthEncoding}: a non-finite raw value, or
 * one that decodes to a non-finite or non-positive depth, becomes NaN (invalid); every other depth
 * is clamped to the head's [minDepth, maxDepth].
 *
 * <p>Not thread-safe; one per head, scratch reused across frames.
 */
public final class DepthDecoder {
    private final HeadSpec head;
    private final DepthEncoding encoding;
    private final double min;
    private final double max;
    private final double inverseMax;
    private final double inverseRange;
    private float[] raw = new float[0];

    public DepthDecoder(HeadSpec head) {
        Shapes.requireTask(head, Task.DEPTH, "DepthDecoder");
        DepthSpec spec = head.depth();
        this.head = head;
        this.encoding = spec.encoding();
        this.min = spec.minDepth();
        this.max = spec.maxDepth();
        this.inverseMax = 1 / max;
        this.inverseRange = 1 / min - 1 / max;
    }

    /** A map for this head's range, {@code headWidth×headHeight} cells. */
    public DepthMap newMap(int headWidth, int headHeight) {
        return new DepthMap(headWidth, headHeight, min, max);
    }

    /**
     * Decodes this frame's depth into {@code out} (made by {@link #newMap} with the tensor's size).
     *
     * @return the number of non-finite raw values met (they decode to NaN)
     * @throws dev.trident.runtime.contract.ContractException when the tensor does not match the contract
     */
    public int decode(TensorView depth, InputTransform transform, DepthMap out) {
        Shapes.requireChw(head, depth, 1, "a depth output (one channel)", true);
        int w = depth.dim(-1);
        int h = depth.dim(-2);
        Shapes.stride(head, depth, transform);
        if (out.width() != w || out.height() != h || out.minDepth() != min || out.maxDepth() != max) {
            throw new IllegalArgumentException("depth map " + out.width() + "x" + out.height() + " [" + out.minDepth() + ", "
                    + out.maxDepth() + "] m does not fit head '" + head.name() + "' output " + depth.shapeText()
                    + "; make it with newMap(" + w + ", " + h + ")");
        }
        int cells = w * h;
        if (raw.length < cells) {
            raw = new float[cells];
        }
        depth.copyTo(0, raw, 0, cells);
        float[] metres = out.metres();
        int nonFinite = 0;
        for (int i = 0; i < cells; i++) {
            float v = raw[i];
            if (!Float.isFinite(v)) {
                nonFinite++;
                metres[i] = Float.NaN;
                continue;
            }
            double d = switch (encoding) {
                case METRIC -> v;
                case INVERSE -> 1.0 / v;
                case LOG -> Math.exp(v);
                case DISPARITY -> 1.0 / (inverseMax + inverseRange * v);
            };
            metres[i] = d > 0 && d < Double.POSITIVE_INFINITY ? (float) Math.min(max, Math.max(min, d)) : Float.NaN;
        }
        out.onDecoded(transform);
        return nonFinite;
    }
}
