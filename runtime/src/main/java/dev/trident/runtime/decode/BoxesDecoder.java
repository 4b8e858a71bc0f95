package dev.trident.runtime.decode;

import dev.trident.runtime.TridentException;
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
 * Final boxes head: role {@code boxes}, {@code [1, N, 6]} rows of (x1, y1, x2, y2, score, class)
 * in input pixels, the class as a float holding a whole number. Rows below the score threshold are
 * dropped (padding rows of fixed-size outputs usually score 0); the rest come out best first, up to
 * {@code topK}, through class-aware NMS when the contract sets a threshold below 1.
 *
 * <p>Not thread-safe; one instance per head, scratch arrays reused across frames.
 */
public final class BoxesDecoder implements DetectionDecoder {
    private static final int COLUMNS = 6;
    private final HeadSpec head;
    private final DetectionSpec spec;
    private final int classCount;
    private final DetectionSink sink;
    private final Candidates candidates = new Candidates();
    private float[] values = new float[0];

    public BoxesDecoder(HeadSpec head) {
        Shapes.requireTask(head, Task.DETECTION, "BoxesDecoder");
        if (head.detection().decoder() != DetectionDecoderType.BOXES) {
            throw new IllegalArgumentException("head '" + head.name() + "' uses the " + head.detection().decoder().json()
                    + " decoder, not boxes");
        }
        this.head = head;
        this.spec = head.detection();
        this.classCount = head.classes().size();
        this.sink = new DetectionSink(head.classes(), spec.topK(), spec.nmsIouThreshold());
    }

    @Override
    public int decode(Map<String, TensorView> outputs, InputTransform transform, List<Detection> out) {
        sink.begin(transform, out);
        TensorView boxes = Shapes.role(head, outputs, "boxes");
        boolean shapeOk = (boxes.rank() == 3 && boxes.dim(0) == 1 || boxes.rank() == 2) && boxes.dim(-1) == COLUMNS;
        if (!shapeOk) {
            throw new ContractException("head '" + head.name() + "': boxes output '" + boxes.name() + "' has shape "
                    + boxes.shapeText() + " but must be [1, N, 6] rows of x1, y1, x2, y2, score, class; check the head's outputs");
        }
        int n = boxes.dim(-2);
        int total = n * COLUMNS;
        if (values.length < total) {
            values = new float[total];
        }
        boxes.copyTo(0, values, 0, total);

        int nonFinite = 0;
        double threshold = spec.scoreThreshold();
        candidates.clear();
        for (int r = 0; r < n; r++) {
            int base = r * COLUMNS;
            float score = values[base + 4];
            if (!Float.isFinite(score)) {
                nonFinite++;
                continue;
            }
            if (!(score >= threshold)) {
                continue;
            }
            int bad = 0;
            for (int k = 0; k < 4; k++) {
                if (!Float.isFinite(values[base + k])) {
                    bad++;
                }
            }
            float cls = values[base + 5];
            if (!Float.isFinite(cls)) {
                bad++;
            }
            if (bad > 0) {
                nonFinite += bad;
                continue;
            }
            int classId = Math.round(cls);
            if (classId < 0 || classId >= classCount) {
                throw new TridentException("head '" + head.name() + "': boxes row " + r + " has class " + cls
                        + " but the contract lists " + classCount + " classes " + head.classes()
                        + "; list every class the model predicts in the head's 'classes'");
            }
            candidates.add(score, classId, r);
        }

        candidates.heapify();
        while (!sink.full()) {
            int k = candidates.pollBest();
            if (k < 0) {
                break;
            }
            int base = candidates.ref(k) * COLUMNS;
            sink.offer(candidates.classId(k), candidates.score(k),
                    values[base], values[base + 1], values[base + 2], values[base + 3]);
        }
        return nonFinite;
    }
}
