package dev.trident.runtime.contract;

/**
 * Detection decoder parameters.
 *
 * @param decoder           centernet | yolo | boxes
 * @param scoreThreshold    detections below are dropped (default 0.3)
 * @param topK              at most this many detections per frame (default 100)
 * @param nmsIouThreshold   class-aware NMS IoU; null = default (0.45 for yolo, none for centernet and boxes);
 *                          a value ≥ 1 disables NMS
 * @param heatmapLogits     centernet: heatmap holds logits, apply a sigmoid (default false: probabilities)
 * @param sizeInCells       centernet: size is in output cells, multiply by stride (default false: input pixels)
 * @param objectness        yolo: rows carry an objectness column before the class scores (default true)
 */
public record DetectionSpec(DetectionDecoderType decoder, Double scoreThreshold, Integer topK,
                            Double nmsIouThreshold, Boolean heatmapLogits, Boolean sizeInCells, Boolean objectness) {
    public DetectionSpec {
        if (decoder == null) {
            throw new IllegalArgumentException("detection.decoder is required: centernet, yolo or boxes");
        }
        if (scoreThreshold == null) {
            scoreThreshold = 0.3;
        }
        if (topK == null) {
            topK = 100;
        }
        if (topK <= 0) {
            throw new IllegalArgumentException("detection.topK must be positive, got " + topK);
        }
        if (nmsIouThreshold == null) {
            nmsIouThreshold = decoder == DetectionDecoderType.YOLO ? 0.45 : 1.0;
        }
        if (heatmapLogits == null) {
            heatmapLogits = false;
        }
        if (sizeInCells == null) {
            sizeInCells = false;
        }
        if (objectness == null) {
            objectness = true;
        }
    }

    public static DetectionSpec of(DetectionDecoderType decoder) {
        return new DetectionSpec(decoder, null, null, null, null, null, null);
    }

    /** Whether class-aware NMS runs after decoding. */
    public boolean nms() {
        return nmsIouThreshold < 1.0;
    }
}
