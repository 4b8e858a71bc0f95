package dev.trident.runtime.decode;

import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.Detection;
import java.util.List;
import java.util.Map;

/**
 * Decodes one detection head. One instance per head; single-threaded (not thread-safe); reuses
 * its scratch arrays, so a frame allocates nothing beyond the {@link Detection} records it emits.
 */
public interface DetectionDecoder {

    /**
     * Decodes this frame's tensors into {@code out} (cleared first): boxes in source-frame pixels,
     * clipped to the frame (boxes left empty are dropped), sorted by descending score, at most
     * {@code topK}. Non-finite values are skipped, never thrown.
     *
     * @param outputs   role → view, roles as in {@link HeadSpec#requiredRoles}
     * @param transform the source → model input map of this frame
     * @return the number of non-finite (NaN/Inf) values met in the tensors it read
     * @throws dev.trident.runtime.contract.ContractException when a tensor's shape does not match the contract
     */
    int decode(Map<String, TensorView> outputs, InputTransform transform, List<Detection> out);

    /** The decoder for a detection head, by its {@code detection.decoder}. */
    static DetectionDecoder forHead(HeadSpec head) {
        Shapes.requireTask(head, Task.DETECTION, "DetectionDecoder");
        return switch (head.detection().decoder()) {
            case CENTERNET -> new CenterNetDecoder(head);
            case YOLO -> new YoloDecoder(head);
            case BOXES -> new BoxesDecoder(head);
        };
    }
}
