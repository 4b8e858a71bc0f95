package dev.trident.runtime.contract;

import java.util.List;
import java.util.Map;

/**
 * One head of the model.
 *
 * @param name         unique head name (used for rates, results and CLI flags)
 * @param task         detection | segmentation | depth
 * @param outputs      role → output tensor name; roles per decoder: centernet {@code heatmap, size, offset};
 *                     yolo {@code rows}; boxes {@code boxes}; segmentation {@code mask}; depth {@code depth}
 * @param classes      class names (detection and segmentation; empty for depth)
 * @param stride       output stride relative to the model input (1 for row/box outputs)
 * @param detection    decoder parameters, detection heads only
 * @param segmentation activation parameters, segmentation heads only (default logits)
 * @param depth        encoding and range, depth heads only
 */
public record HeadSpec(String name, Task task, Map<String, String> outputs, List<String> classes, Integer stride,
                       DetectionSpec detection, SegmentationSpec segmentation, DepthSpec depth) {

    public HeadSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("every head needs a name");
        }
        if (task == null) {
            throw new IllegalArgumentException("head '" + name + "' needs a task: detection, segmentation or depth");
        }
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        classes = classes == null ? List.of() : List.copyOf(classes);
        if (stride == null) {
            stride = 1;
        }
        if (stride <= 0) {
            throw new IllegalArgumentException("head '" + name + "' stride must be positive, got " + stride);
        }
        switch (task) {
            case DETECTION -> {
                if (detection == null) {
                    throw new IllegalArgumentException("detection head '" + name + "' needs a 'detection' section with a decoder");
                }
                if (classes.isEmpty()) {
                    throw new IllegalArgumentException("detection head '" + name + "' needs its class names in 'classes'");
                }
            }
            case SEGMENTATION -> {
                if (segmentation == null) {
                    segmentation = SegmentationSpec.logits();
                }
                if (classes.isEmpty()) {
                    throw new IllegalArgumentException("segmentation head '" + name + "' needs its class names in 'classes'");
                }
            }
            case DEPTH -> {
                if (depth == null) {
                    throw new IllegalArgumentException("depth head '" + name + "' needs a 'depth' section with encoding and range");
                }
            }
        }
        for (String role : requiredRoles(task, detection)) {
            if (!outputs.containsKey(role)) {
                throw new IllegalArgumentException("head '" + name + "' outputs need the role '" + role
                        + "' (roles for this head: " + requiredRoles(task, detection) + "), got " + outputs.keySet());
            }
        }
    }

    /** The output roles a head of this task and decoder must name. */
    public static List<String> requiredRoles(Task task, DetectionSpec detection) {
        return switch (task) {
            case DETECTION -> switch (detection.decoder()) {
                case CENTERNET -> List.of("heatmap", "size", "offset");
                case YOLO -> List.of("rows");
                case BOXES -> List.of("boxes");
            };
            case SEGMENTATION -> List.of("mask");
            case DEPTH -> List.of("depth");
        };
    }

    /** The output tensor a role maps to. */
    public String output(String role) {
        String n = outputs.get(role);
        if (n == null) {
            throw new IllegalArgumentException("head '" + name + "' has no output role '" + role + "'");
        }
        return n;
    }
}
