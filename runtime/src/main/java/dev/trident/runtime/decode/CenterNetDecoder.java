package dev.trident.runtime.decode;

import dev.trident.runtime.contract.ContractException;
import dev.trident.runtime.contract.DetectionDecoderType;
import dev.trident.runtime.contract.DetectionSpec;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.Detection;
import java.util.List;
import java.util.Map;

/**
 * CenterNet head: {@code heatmap} [1,C,h,w], {@code size} [1,2,h,w] (w, h) and {@code offset}
 * [1,2,h,w] (dx, dy) at stride {@code s = inputWidth / w} (must equal the contract's stride).
 *
 * <p>A cell is a peak when its score is ≥ all 8 neighbours; among equal neighbours only the first in
 * row-major order is a peak, so a plateau gives one detection. Peaks at or above the score
 * threshold become candidates; the best {@code topK} are taken by partial selection (a heap, never
 * a sort of all h·w cells). Box: centre ((x + dx)·s, (y + dy)·s) ± size/2 in input pixels, size
 * multiplied by s when {@code sizeInCells}; logit heatmaps go through a sigmoid. Optional
 * class-aware NMS when the contract sets a threshold below 1.
 *
 * <p>Not thread-safe; one instance per head, scratch arrays reused across frames.
 */
public final class CenterNetDecoder implements DetectionDecoder {
    private final HeadSpec head;
    private final DetectionSpec spec;
    private final int classCount;
    private final double threshold;
    /** Threshold on the raw heatmap value (a logit when heatmapLogits), slightly loose: the score is re-checked exactly. */
    private final double rawThreshold;
    private final DetectionSink sink;
    private final Candidates candidates = new Candidates();
    private float[] plane = new float[0];

    public CenterNetDecoder(HeadSpec head) {
        Shapes.requireTask(head, Task.DETECTION, "CenterNetDecoder");
        if (head.detection().decoder() != DetectionDecoderType.CENTERNET) {
            throw new IllegalArgumentException("head '" + head.name() + "' uses the " + head.detection().decoder().json()
                    + " decoder, not centernet");
        }
        this.head = head;
        this.spec = head.detection();
        this.classCount = head.classes().size();
        this.threshold = spec.scoreThreshold();
        if (!spec.heatmapLogits()) {
            rawThreshold = threshold;
        } else if (threshold <= 0) {
            rawThreshold = Double.NEGATIVE_INFINITY;
        } else if (threshold >= 1) {
            rawThreshold = Double.POSITIVE_INFINITY;
        } else {
            rawThreshold = Math.log(threshold / (1 - threshold)) - 1e-6;
        }
        this.sink = new DetectionSink(head.classes(), spec.topK(), spec.nmsIouThreshold());
    }

    @Override
    public int decode(Map<String, TensorView> outputs, InputTransform transform, List<Detection> out) {
        sink.begin(transform, out);
        TensorView heatmap = Shapes.role(head, outputs, "heatmap");
        TensorView size = Shapes.role(head, outputs, "size");
        TensorView offset = Shapes.role(head, outputs, "offset");
        Shapes.requireChw(head, heatmap, classCount, "the heatmap (one channel per class)", false);
        int w = heatmap.dim(3);
        int h = heatmap.dim(2);
        requireTwoChannels(size, w, h, "size");
        requireTwoChannels(offset, w, h, "offset");
        int stride = Shapes.stride(head, heatmap, transform);
        int cells = w * h;
        if (plane.length < cells) {
            plane = new float[cells];
        }

        int nonFinite = 0;
        candidates.clear();
        for (int c = 0; c < classCount; c++) {
            heatmap.copyTo(c * cells, plane, 0, cells);
            for (int i = 0; i < cells; i++) {
                if (!Float.isFinite(plane[i])) {
                    plane[i] = Float.NEGATIVE_INFINITY; // never a peak, never blocks one
                    nonFinite++;
                }
            }
            collectPeaks(c, w, h);
        }

        candidates.heapify();
        while (!sink.full()) {
            int k = candidates.pollBest();
            if (k < 0) {
                break;
            }
            int cell = candidates.ref(k);
            float dx = offset.data().get(cell);
            float dy = offset.data().get(cells + cell);
            float bw = size.data().get(cell);
            float bh = size.data().get(cells + cell);
            int bad = (Float.isFinite(dx) ? 0 : 1) + (Float.isFinite(dy) ? 0 : 1)
                    + (Float.isFinite(bw) ? 0 : 1) + (Float.isFinite(bh) ? 0 : 1);
            if (bad > 0) {
                nonFinite += bad;
                continue;
            }
            double cx = (cell % w + (double) dx) * stride;
            double cy = (cell / w + (double) dy) * stride;
            double halfW = (spec.sizeInCells() ? bw * (double) stride : bw) / 2;
            double halfH = (spec.sizeInCells() ? bh * (double) stride : bh) / 2;
            sink.offer(candidates.classId(k), candidates.score(k), cx - halfW, cy - halfH, cx + halfW, cy + halfH);
        }
        return nonFinite;
    }

    /** Adds the peaks of the class plane at or above the threshold to the candidates. */
    private void collectPeaks(int classId, int w, int h) {
        float[] p = plane;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int i = row + x;
                float v = p[i];
                if (!(v >= rawThreshold) || v == Float.NEGATIVE_INFINITY || !isPeak(p, v, x, y, w, h)) {
                    continue;
                }
                float score = spec.heatmapLogits() ? (float) (1 / (1 + Math.exp(-v))) : v;
                if (score >= threshold) {
                    candidates.add(score, classId, i);
                }
            }
        }
    }

    /** ≥ the neighbours after it in row-major order, strictly > the ones before it (one peak per plateau). */
    private static boolean isPeak(float[] p, float v, int x, int y, int w, int h) {
        int i = y * w + x;
        boolean left = x > 0;
        boolean right = x < w - 1;
        if (y > 0) {
            int up = i - w;
            if ((left && !(v > p[up - 1])) || !(v > p[up]) || (right && !(v > p[up + 1]))) {
                return false;
            }
        }
        if ((left && !(v > p[i - 1])) || (right && !(v >= p[i + 1]))) {
            return false;
        }
        if (y < h - 1) {
            int down = i + w;
            return (!left || v >= p[down - 1]) && v >= p[down] && (!right || v >= p[down + 1]);
        }
        return true;
    }

    private void requireTwoChannels(TensorView view, int w, int h, String role) {
        if (view.rank() != 4 || view.dim(0) != 1 || view.dim(1) != 2 || view.dim(2) != h || view.dim(3) != w) {
            throw new ContractException("head '" + head.name() + "': " + role + " output '" + view.name() + "' has shape "
                    + view.shapeText() + " but must be [1, 2, " + h + ", " + w
                    + "] to match the heatmap; check the head's outputs in the contract");
        }
    }
}
