package dev.trident.trainer.export;

import dev.trident.calibration.CameraIntrinsics;
import dev.trident.runtime.contract.CameraSpec;
import dev.trident.runtime.contract.ColorOrder;
import dev.trident.runtime.contract.DepthEncoding;
import dev.trident.runtime.contract.DepthSpec;
import dev.trident.runtime.contract.DetectionDecoderType;
import dev.trident.runtime.contract.DetectionSpec;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.InputSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.ResizeSpec;
import dev.trident.runtime.contract.SegmentationActivation;
import dev.trident.runtime.contract.SegmentationSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.model.ModelConfig;
import dev.trident.trainer.train.BatchEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model contract of an exported network, from its training configuration: input size,
 * RGB order, 1/255 scale and the ImageNet mean/std the trainer normalises with
 * ({@link BatchEncoder#MEAN}/{@link BatchEncoder#STD}), {@code stretch} resize (the trainer scales
 * each image to the input size without keeping the aspect ratio); CenterNet detection with logit
 * heatmaps and sizes in cells; logit segmentation, or the class map the graph computes (argmax);
 * depth as Monodepth2 disparity over the configured range; the training camera's focal length at
 * the model input size. Stateless.
 */
public final class ContractFactory {
    /** Display defaults of the exported detection head (the evaluator uses 0.01 / 100 for mAP). */
    public static final double SCORE_THRESHOLD = 0.3;
    public static final int TOP_K = 100;

    private ContractFactory() {
    }

    /**
     * @param camera the training images' intrinsics at any size (scaled to the input width), or null
     *               for none
     */
    public static ModelContract contract(String name, ModelConfig c, Set<Task> heads, int stride, CameraIntrinsics camera,
                                         double scoreThreshold, int topK) {
        return contract(name, c, heads, stride, camera, scoreThreshold, topK, false);
    }

    /**
     * @param segmentationArgmax the segmentation head's output is the class map the graph computes
     *                           ({@code activation: argmax}, tensor {@link OutputNames#SEG_CLASSES})
     *                           rather than its logits
     */
    public static ModelContract contract(String name, ModelConfig c, Set<Task> heads, int stride, CameraIntrinsics camera,
                                         double scoreThreshold, int topK, boolean segmentationArgmax) {
        List<Double> mean = new ArrayList<>();
        List<Double> std = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // via the decimal string: 0.485f, not 0.48500001430511475
            mean.add(Double.parseDouble(Float.toString(BatchEncoder.MEAN[i])));
            std.add(Double.parseDouble(Float.toString(BatchEncoder.STD[i])));
        }
        InputSpec input = new InputSpec(OutputNames.INPUT, "NCHW", c.inputHeight(), c.inputWidth(), ColorOrder.RGB,
                1.0 / 255.0, mean, std, ResizeSpec.stretch());
        List<HeadSpec> specs = new ArrayList<>();
        for (Task t : c.tasks()) {
            if (!heads.contains(t)) {
                continue;
            }
            List<String> out = OutputNames.of(t);
            specs.add(switch (t) {
                case DETECTION -> new HeadSpec("detection", t,
                        Map.of("heatmap", out.get(0), "size", out.get(1), "offset", out.get(2)), c.detectionClasses(), stride,
                        new DetectionSpec(DetectionDecoderType.CENTERNET, scoreThreshold, topK, 1.0, true, true, null),
                        null, null);
                case SEGMENTATION -> new HeadSpec("segmentation", t,
                        Map.of("mask", segmentationArgmax ? OutputNames.SEG_CLASSES : out.get(0)), c.segmentationClasses(),
                        stride / (c.neckStride() / c.segmentationStride()), null,
                        segmentationArgmax ? new SegmentationSpec(SegmentationActivation.ARGMAX, null, null)
                                : SegmentationSpec.logits(), null);
                case DEPTH -> new HeadSpec("depth", t, Map.of("depth", out.get(0)), List.of(), stride, null, null,
                        new DepthSpec(DepthEncoding.DISPARITY, c.minDepth(), c.maxDepth()));
            });
        }
        CameraSpec cam = camera == null ? null
                : new CameraSpec(camera.fx() * c.inputWidth() / camera.width(), null, null);
        return new ModelContract(ModelContract.VERSION, name, input, specs, List.of(OutputNames.FEATURES), cam);
    }

    /** The same contract with other detection decode thresholds (the evaluator's, for pipeline parity). */
    public static ModelContract withDetectionThresholds(ModelContract c, double scoreThreshold, int topK) {
        List<HeadSpec> heads = new ArrayList<>();
        for (HeadSpec h : c.heads()) {
            if (h.task() == Task.DETECTION) {
                DetectionSpec d = h.detection();
                h = new HeadSpec(h.name(), h.task(), h.outputs(), h.classes(), h.stride(),
                        new DetectionSpec(d.decoder(), scoreThreshold, topK, d.nmsIouThreshold(), d.heatmapLogits(),
                                d.sizeInCells(), d.objectness()), h.segmentation(), h.depth());
            }
            heads.add(h);
        }
        return new ModelContract(c.version(), c.name(), c.input(), heads, c.features(), c.camera());
    }
}
