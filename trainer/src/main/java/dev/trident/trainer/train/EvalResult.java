package dev.trident.trainer.train;

import java.util.List;
import java.util.Map;

/**
 * Held-out metrics of one evaluation. Absent tasks have NaN. Immutable value.
 *
 * @param map50        detection mAP@0.5
 * @param map5095      detection mAP@[.5:.95]
 * @param apPerClass50 detection AP@0.5 per class
 * @param apPerClass5095 detection AP@[.5:.95] per class
 * @param miou         segmentation mIoU
 * @param iouPerClass  segmentation IoU per class
 * @param absRel       depth AbsRel
 * @param rmse         depth RMSE (m)
 * @param delta1       depth δ&lt;1.25
 * @param images       images evaluated
 * @param map50Moderate detection mAP@0.5 over boxes at least KITTI's "moderate" height tall
 *                      ({@link dev.trident.trainer.metrics.DetectionMetrics#KITTI_MODERATE_HEIGHT} of the
 *                      image height); shorter boxes are ignored, not missed. Not part of {@link #headline()}.
 */
public record EvalResult(double map50, double map5095, List<Double> apPerClass50, List<Double> apPerClass5095, double miou,
                         List<Double> iouPerClass, double absRel, double rmse, double delta1, int images,
                         double map50Moderate) {

    /** The headline metrics by name (det_map50, det_map5095, seg_miou, depth_absrel, depth_rmse, depth_delta1). */
    public Map<String, Double> headline() {
        return new java.util.LinkedHashMap<>(Map.of("det_map50", map50, "det_map5095", map5095, "seg_miou", miou,
                "depth_absrel", absRel, "depth_rmse", rmse, "depth_delta1", delta1));
    }

    /** Per-class lines: AP@.5 and AP@[.5:.95] per detection class, IoU per segmentation class. */
    public String perClass(List<String> detectionClasses, List<String> segmentationClasses) {
        StringBuilder b = new StringBuilder();
        if (!apPerClass50.isEmpty()) {
            b.append(String.format(java.util.Locale.ROOT, "  det mAP@.5 on boxes of KITTI-moderate height or taller "
                    + "(>= 6.67%% of the image height; shorter ones ignored): %.3f%n", map50Moderate));
        }
        for (int i = 0; i < apPerClass50.size(); i++) {
            b.append(String.format(java.util.Locale.ROOT, "  det %-14s AP@.5 %.3f  AP@[.5:.95] %.3f%n",
                    detectionClasses.get(i), apPerClass50.get(i), apPerClass5095.get(i)));
        }
        for (int i = 0; i < iouPerClass.size(); i++) {
            b.append(String.format(java.util.Locale.ROOT, "  seg %-14s IoU %.3f%n", segmentationClasses.get(i), iouPerClass.get(i)));
        }
        return b.toString();
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT, "mAP@.5 %.3f  mAP@[.5:.95] %.3f  mIoU %.3f  AbsRel %.3f  RMSE %.2f m  δ1 %.3f",
                map50, map5095, miou, absRel, rmse, delta1);
    }
}
