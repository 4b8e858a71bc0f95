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
 * YOLO head: role {@code rows}, {@code [1, N, 4+1+C]} (cx, cy, w, h in input pixels, objectness,
 * C class scores) or {@code [1, N, 4+C]} without objectness (per {@code detection.objectness}),
 * anchors already applied. The transposed export {@code [1, 4(+1)+C, N]} (e.g. YOLOv8) is read too
 * when the shape is unambiguous. Score = objectness · best class score, class = its argmax; rows
 * below the threshold are dropped, the rest go through class-aware NMS
 * ({@code detection.nmsIouThreshold}, default 0.45) best first, up to {@code topK}.
 *
 * <p>Not thread-safe; one instance per head, scratch arrays reused across frames.
 */
public final class YoloDecoder implements DetectionDecoder {
    private final HeadSpec head;
    private final DetectionSpec spec;
    private final int classCount;
    private final int columns;
    private final int firstClass;
    private final DetectionSink sink;
    private final Candidates candidates = new Candidates();
    private float[] values = new float[0];

    public YoloDecoder(HeadSpec head) {
        Shapes.requireTask(head, Task.DETECTION, "YoloDecoder");
        if (head.detection().decoder() != DetectionDecoderType.YOLO) {
            throw new IllegalArgumentException("head '" + head.name() + "' uses the " + head.detection().decoder().json()
                    + " decoder, not yolo");
        }
        this.head = head;
        this.spec = head.detection();
        this.classCount = head.classes().size();
        this.firstClass = spec.objectness() ? 5 : 4;
        this.columns = firstClass + classCount;
        this.sink = new DetectionSink(head.classes(), spec.topK(), spec.nmsIouThreshold());
    }

    @Override
    public int decode(Map<String, TensorView> outputs, InputTransform transform, List<Detection> out) {
        sink.begin(transform, out);
        TensorView rows = Shapes.role(head, outputs, "rows");
        boolean transposed = layout(rows);
        int n = transposed ? rows.dim(-1) : rows.dim(-2);
        int total = n * columns;
        if (values.length < total) {
            values = new float[total];
        }
        rows.copyTo(0, values, 0, total);
        // element (row r, column k) lives at r·rowStep + k·colStep
        int rowStep = transposed ? 1 : columns;
        int colStep = transposed ? n : 1;

        int nonFinite = 0;
        double threshold = spec.scoreThreshold();
        candidates.clear();
        for (int r = 0; r < n; r++) {
            int base = r * rowStep;
            float objectness = 1f;
            if (spec.objectness()) {
                objectness = values[base + 4 * colStep];
                if (!Float.isFinite(objectness)) {
                    nonFinite++;
                    continue;
                }
            }
            int best = -1;
            float bestScore = 0;
            for (int c = 0; c < classCount; c++) {
                float v = values[base + (firstClass + c) * colStep];
                if (!Float.isFinite(v)) {
                    nonFinite++;
                } else if (best < 0 || v > bestScore) {
                    best = c;
                    bestScore = v;
                }
            }
            if (best < 0) {
                continue;
            }
            float score = objectness * bestScore;
            if (!(score >= threshold)) {
                continue;
            }
            int badBox = 0;
            for (int k = 0; k < 4; k++) {
                if (!Float.isFinite(values[base + k * colStep])) {
                    badBox++;
                }
            }
            if (badBox > 0) {
                nonFinite += badBox;
                continue;
            }
            candidates.add(score, best, r);
        }

        candidates.heapify();
        while (!sink.full()) {
            int k = candidates.pollBest();
            if (k < 0) {
                break;
            }
            int base = candidates.ref(k) * rowStep;
            double cx = values[base];
            double cy = values[base + colStep];
            double halfW = values[base + 2 * colStep] / 2.0;
            double halfH = values[base + 3 * colStep] / 2.0;
            sink.offer(candidates.classId(k), candidates.score(k), cx - halfW, cy - halfH, cx + halfW, cy + halfH);
        }
        return nonFinite;
    }

    /** Checks the rows tensor's shape; returns true for the transposed {@code [1, columns, N]} layout. */
    private boolean layout(TensorView rows) {
        boolean batchOk = rows.rank() == 3 && rows.dim(0) == 1;
        if (batchOk && rows.dim(2) == columns) {
            return false;
        }
        if (batchOk && rows.dim(1) == columns) {
            return true;
        }
        throw new ContractException("head '" + head.name() + "': rows output '" + rows.name() + "' has shape "
                + rows.shapeText() + " but must be [1, N, " + columns + "] = 4 box values"
                + (spec.objectness() ? " + objectness" : "") + " + " + classCount + " class scores"
                + "; check the head's classes and detection.objectness in the contract");
    }
}
