package dev.trident.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.DatasetSample;
import dev.trident.trainer.metrics.DepthMetrics;
import dev.trident.trainer.metrics.DetectionMetrics;
import dev.trident.trainer.metrics.SegmentationMetrics;
import dev.trident.trainer.metrics.SegmentationUpsampling;
import dev.trident.trainer.model.DepthHead;
import dev.trident.trainer.model.MultiTaskNet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs the network (BatchNorm in evaluation mode, no gradients) over a dataset at the model input
 * size and scores every head it has against the labels the samples carry: detection after
 * CenterNet decoding (3×3 peak suppression on the sigmoid heatmap, top {@value #TOP_K}, score ≥
 * {@value #SCORE}), segmentation and depth predicted at their head's stride and upsampled to the input
 * size (nearest; segmentation optionally bilinear on the logits, {@link SegmentationUpsampling}; a
 * segmentation head that upsamples its logits itself is scored pixel by pixel). Not thread-safe; one evaluation at a time.
 */
public final class Evaluator {
    public static final int TOP_K = 100;
    public static final float SCORE = 0.01f;

    private Evaluator() {
    }

    public static EvalResult evaluate(MultiTaskNet net, Dataset dataset, List<DatasetSample> samples, int batchSize) {
        return evaluate(net, dataset, samples, batchSize, SegmentationUpsampling.NEAREST);
    }

    /** As {@link #evaluate(MultiTaskNet, Dataset, List, int)}, segmentation scored after {@code upsampling}. */
    public static EvalResult evaluate(MultiTaskNet net, Dataset dataset, List<DatasetSample> samples, int batchSize,
                                      SegmentationUpsampling upsampling) {
        var c = net.config();
        int stride = net.stride();
        DetectionMetrics det = new DetectionMetrics(c.detectionClasses().size());
        SegmentationMetrics seg = new SegmentationMetrics(c.segmentationClasses().size(), BatchEncoder.IGNORE);
        DepthMetrics depth = new DepthMetrics();
        try (BatchEncoder enc = new BatchEncoder(c.inputWidth(), c.inputHeight(), stride, c.detectionClasses().size(),
                dataset.manifest().depthScale());
             BatchLoader loader = new BatchLoader(dataset, samples, batchSize, false, enc, Augmentation.NONE, 0, 2)) {
            NDManager root = net.getParameters().get(0).getValue().getArray().getManager();
            for (Batch b = loader.next(); b != null; b = loader.next()) {
                try (NDManager m = root.newSubManager()) {
                    Map<Task, NDList> out = net.predict(b.image(m), false);
                    int hh = b.headHeight();
                    int hw = b.headWidth();
                    if (out.containsKey(Task.DETECTION)) {
                        NDList d = out.get(Task.DETECTION);
                        float[] heat = ai.djl.nn.Activation.sigmoid(d.get(0)).toFloatArray();
                        float[] size = d.get(1).toFloatArray();
                        float[] off = d.get(2).toFloatArray();
                        int classes = c.detectionClasses().size();
                        for (int i = 0; i < b.size(); i++) {
                            if (b.hasDetection()[i] > 0) {
                                det.add(b.boxes().get(i), decode(heat, size, off, i, classes, hh, hw, stride));
                            }
                        }
                    }
                    if (out.containsKey(Task.SEGMENTATION)) {
                        NDArray mask = out.get(Task.SEGMENTATION).get(0);
                        float[] logits = mask.toFloatArray();
                        int classes = c.segmentationClasses().size();
                        int sh = (int) mask.getShape().get(2);
                        int sw = (int) mask.getShape().get(3);
                        for (int i = 0; i < b.size(); i++) {
                            if (b.hasSegmentation()[i] > 0) {
                                byte[] full = new byte[b.width() * b.height()];
                                upsampling.argmax(logits, i, classes, sh, sw, b.width() / sw, b.width(), b.height(), full);
                                seg.add(b.segmentationFull()[i], full);
                            }
                        }
                    }
                    if (out.containsKey(Task.DEPTH)) {
                        DepthHead head = (DepthHead) net.head(Task.DEPTH);
                        float[] dm = head.toDepth(out.get(Task.DEPTH).get(0)).toFloatArray();
                        for (int i = 0; i < b.size(); i++) {
                            if (b.hasDepth()[i] > 0) {
                                float[] full = new float[b.width() * b.height()];
                                for (int y = 0; y < b.height(); y++) {
                                    for (int x = 0; x < b.width(); x++) {
                                        full[y * b.width() + x] = dm[i * hh * hw + (y / stride) * hw + x / stride];
                                    }
                                }
                                depth.add(b.depthFull()[i], full);
                            }
                        }
                    }
                }
            }
        }
        boolean hasDet = net.heads().containsKey(Task.DETECTION) && det.images() > 0;
        boolean hasSeg = net.heads().containsKey(Task.SEGMENTATION);
        boolean hasDepth = net.heads().containsKey(Task.DEPTH) && depth.pixels() > 0;
        double[] ap = hasDet ? det.apPerClass(0.5) : new double[0];
        double[] ap5095 = hasDet ? det.apPerClass5095() : new double[0];
        double[] iou = hasSeg ? seg.iouPerClass() : new double[0];
        return new EvalResult(hasDet ? det.map(0.5) : Double.NaN, hasDet ? det.map5095() : Double.NaN,
                Arrays.stream(ap).boxed().toList(), Arrays.stream(ap5095).boxed().toList(), hasSeg ? seg.miou() : Double.NaN, Arrays.stream(iou).boxed().toList(),
                hasDepth ? depth.absRel() : Double.NaN, hasDepth ? depth.rmse() : Double.NaN,
                hasDepth ? depth.delta1() : Double.NaN, samples.size(),
                hasDet ? det.map(0.5, DetectionMetrics.KITTI_MODERATE_HEIGHT * c.inputHeight()) : Double.NaN);
    }

    /**
     * CenterNet decoding of sample {@code i}: cells that are the maximum of their 3×3
     * neighbourhood with score ≥ {@link #SCORE}, best {@link #TOP_K}; box centre ((x + dx)·s,
     * (y + dy)·s), size (w·s, h·s). Returns {x1, y1, x2, y2, class, score} in input pixels.
     */
    public static List<float[]> decode(float[] heat, float[] size, float[] off, int i, int classes, int hh, int hw,
                                       int stride) {
        int cells = hh * hw;
        List<float[]> peaks = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int base = (i * classes + c) * cells;
            for (int y = 0; y < hh; y++) {
                for (int x = 0; x < hw; x++) {
                    float v = heat[base + y * hw + x];
                    if (v < SCORE) {
                        continue;
                    }
                    boolean peak = true;
                    for (int dy = -1; dy <= 1 && peak; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if ((dy != 0 || dx != 0) && yy >= 0 && yy < hh && xx >= 0 && xx < hw
                                    && heat[base + yy * hw + xx] > v) {
                                peak = false;
                                break;
                            }
                        }
                    }
                    if (peak) {
                        int cell = y * hw + x;
                        float cx = (x + off[(i * 2) * cells + cell]) * stride;
                        float cy = (y + off[(i * 2 + 1) * cells + cell]) * stride;
                        float w = Math.max(0, size[(i * 2) * cells + cell]) * stride;
                        float h = Math.max(0, size[(i * 2 + 1) * cells + cell]) * stride;
                        peaks.add(new float[] {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, c, v});
                    }
                }
            }
        }
        peaks.sort((a, b) -> Float.compare(b[5], a[5]));
        return peaks.size() > TOP_K ? new ArrayList<>(peaks.subList(0, TOP_K)) : peaks;
    }
}
