package dev.trident.runtime.contract;

import java.util.Map;

/**
 * Checks a contract against the model's real inputs and outputs at load time: every named tensor
 * exists and has a compatible shape. Every error names the contract field, the model's actual
 * tensors and the fix. Stateless; thread-safe.
 */
public final class ContractValidator {
    private ContractValidator() {
    }

    /**
     * @param inputs  the model's inputs by name
     * @param outputs the model's outputs by name
     * @param origin  where the contract came from, for the fix hint
     */
    public static void validate(ModelContract c, Map<String, TensorSignature> inputs, Map<String, TensorSignature> outputs,
                                String origin) {
        String fix = "; fix the contract (" + origin + ")";
        InputSpec in = c.input();
        TensorSignature image = inputs.get(in.name());
        if (image == null) {
            throw new ContractException("contract input.name '" + in.name() + "' is not an input of the model; its inputs are "
                    + inputs.values() + fix);
        }
        if (inputs.size() > 1) {
            throw new ContractException("the model has " + inputs.size() + " inputs " + inputs.values()
                    + "; Trident feeds exactly one image input — export the model with a single input");
        }
        long[] s = image.shape();
        if (s.length != 4 || !fits(s[0], 1) || !fits(s[1], 3) || !fits(s[2], in.height()) || !fits(s[3], in.width())) {
            throw new ContractException("contract input is NCHW [1, 3, " + in.height() + ", " + in.width() + "] but the model's input is "
                    + image + fix + " (input.height/width) or re-export the model");
        }
        for (int h = 0; h < c.heads().size(); h++) {
            HeadSpec head = c.heads().get(h);
            String where = "heads[" + h + "] '" + head.name() + "'";
            for (String role : HeadSpec.requiredRoles(head.task(), head.detection())) {
                String name = head.output(role);
                TensorSignature t = outputs.get(name);
                if (t == null) {
                    throw new ContractException("contract " + where + " outputs." + role + " names tensor '" + name
                            + "' but the model has no such output; its outputs are " + outputs.values() + fix);
                }
                String problem = shapeProblem(c, head, role, t);
                if (problem != null) {
                    throw new ContractException("contract " + where + " outputs." + role + " = " + t + ": " + problem + fix
                            + " or re-export the model");
                }
            }
        }
    }

    private static String shapeProblem(ModelContract c, HeadSpec head, String role, TensorSignature t) {
        int classes = head.classes().size();
        return switch (head.task()) {
            case DETECTION -> switch (head.detection().decoder()) {
                case CENTERNET -> {
                    long channels = role.equals("heatmap") ? classes : 2;
                    yield map(c, head, t, channels, role.equals("heatmap") ? "one channel per class (" + classes + ")"
                            : "2 channels");
                }
                case YOLO -> {
                    long cols = 4 + (head.detection().objectness() ? 1 : 0) + classes;
                    // rows [1, N, cols], or the transposed export [1, cols, N] (e.g. YOLOv8)
                    if (t.rank() != 3 || !fits(t.dim(0), 1) || !(fits(t.dim(2), cols) || fits(t.dim(1), cols))) {
                        yield "expected [1, N, " + cols + "] or [1, " + cols + ", N] (cx, cy, w, h"
                                + (head.detection().objectness() ? ", objectness" : "") + ", " + classes + " class scores)";
                    }
                    yield null;
                }
                case BOXES -> t.rank() != 3 || !fits(t.dim(0), 1) || !fits(t.dim(2), 6)
                        ? "expected [1, N, 6] (x1, y1, x2, y2, score, class)" : null;
            };
            case SEGMENTATION -> head.segmentation().activation() == SegmentationActivation.ARGMAX
                    ? map(c, head, t, 1, "1 channel of class indices (activation argmax)")
                    : map(c, head, t, classes, "one channel per class (" + classes + ")");
            case DEPTH -> {
                if (t.rank() == 3) {
                    yield map(c, head, new TensorSignature(t.name(), new long[] {t.dim(0), 1, t.dim(1), t.dim(2)}), 1,
                            "1 channel");
                }
                yield map(c, head, t, 1, "1 channel");
            }
        };
    }

    /** A [1, C, H/stride, W/stride] map. */
    private static String map(ModelContract c, HeadSpec head, TensorSignature t, long channels, String what) {
        long h = c.input().height() / head.stride();
        long w = c.input().width() / head.stride();
        if (t.rank() != 4) {
            return "expected rank 4 [1, " + channels + ", " + h + ", " + w + "], got rank " + t.rank();
        }
        if (!fits(t.dim(0), 1) || !fits(t.dim(1), channels)) {
            return "expected " + what + ": [1, " + channels + ", " + h + ", " + w + "]";
        }
        if (!fits(t.dim(2), h) || !fits(t.dim(3), w)) {
            return "spatial size " + t.dim(2) + "x" + t.dim(3) + " does not match input " + c.input().height() + "x"
                    + c.input().width() + " / stride " + head.stride() + " = " + h + "x" + w + " (check heads.stride)";
        }
        return null;
    }

    private static boolean fits(long actual, long expected) {
        return actual < 0 || actual == expected;
    }
}
