package dev.trident.runtime.demo;

import dev.trident.runtime.contract.CameraSpec;
import dev.trident.runtime.contract.ColorOrder;
import dev.trident.runtime.contract.ContractJson;
import dev.trident.runtime.contract.DepthEncoding;
import dev.trident.runtime.contract.DepthSpec;
import dev.trident.runtime.contract.DetectionDecoderType;
import dev.trident.runtime.contract.DetectionSpec;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.InputSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.ResizeSpec;
import dev.trident.runtime.contract.SegmentationSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.onnx.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated, untrained three-head model (CenterNet detection, segmentation, metric depth) with
 * its contract embedded — for the demo before a trained model ships, for tests and benchmarks.
 *
 * <p>Its weights are set by hand, not learned: a stride-4 colour summary plus a row-position
 * channel feed a trunk of residual 3×3 convolutions (near-identity weights, so the compute is real
 * but the hand-set features survive); segmentation scores sky/road/vegetation from colour and
 * position; depth is the flat-road depth of each row for a dash-cam-like camera, nudged by
 * brightness; detection responds to dark compact blobs below the horizon. The outputs are
 * plausible on road scenes, not accurate. The depth head has its own conv branch, so pruning it
 * away saves real compute.
 *
 * <p>Stateless; thread-safe.
 */
public final class GeneratedModel {
    /** Segmentation classes of the generated model. */
    public static final List<String> SEG_CLASSES = List.of("road", "sky", "vegetation", "other");
    /** Detection classes of the generated model. */
    public static final List<String> DET_CLASSES = List.of("object");

    private static final int FEATURES = 5; // brightness, blueness+1, greenness+1, darkness, row position

    private GeneratedModel() {
    }

    /**
     * Model size knobs.
     *
     * @param width        input width (multiple of 8)
     * @param height       input height (multiple of 8)
     * @param channels     trunk channels (≥ 5)
     * @param trunkBlocks  shared residual blocks (the "backbone")
     * @param depthBlocks  residual blocks in the depth head's own branch
     */
    public record Spec(int width, int height, int channels, int trunkBlocks, int depthBlocks) {
        public Spec {
            if (width % 8 != 0 || height % 8 != 0 || width <= 0 || height <= 0) {
                throw new IllegalArgumentException("generated model size must be a positive multiple of 8, got " + width + "x" + height);
            }
            if (channels < FEATURES) {
                throw new IllegalArgumentException("channels must be ≥ " + FEATURES);
            }
        }

        /** The demo's default: 640×384, 24 channels, 4 trunk blocks, 4 depth blocks. */
        public static Spec demo() {
            return new Spec(640, 384, 24, 4, 4);
        }

        /** A tiny variant for fast tests. */
        public static Spec tiny() {
            return new Spec(160, 96, 8, 1, 2);
        }
    }

    /** The contract the generated model carries. */
    public static ModelContract contract(Spec s) {
        int stride = 4;
        HeadSpec det = new HeadSpec("detection", Task.DETECTION,
                Map.of("heatmap", "det_heatmap", "size", "det_size", "offset", "det_offset"), DET_CLASSES, stride,
                new DetectionSpec(DetectionDecoderType.CENTERNET, 0.5, 20, 0.3, false, false, null), null, null);
        HeadSpec seg = new HeadSpec("segmentation", Task.SEGMENTATION, Map.of("mask", "seg_logits"), SEG_CLASSES, stride,
                null, SegmentationSpec.logits(), null);
        HeadSpec depth = new HeadSpec("depth", Task.DEPTH, Map.of("depth", "depth"), List.of(), stride, null, null,
                new DepthSpec(DepthEncoding.METRIC, 1.0, 80.0));
        InputSpec input = new InputSpec("image", "NCHW", s.height(), s.width(), ColorOrder.RGB, 1.0 / 255.0,
                List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), ResizeSpec.letterbox(114));
        return new ModelContract(1, "generated-demo", input, List.of(det, seg, depth), List.of("features"),
                new CameraSpec(focal(s), 1.3, 0.0));
    }

    /** Writes the model (contract embedded) to {@code out}. */
    public static Path write(Path out, Spec s) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, bytes(s));
        return out;
    }

    /** The serialised model. */
    public static byte[] bytes(Spec s) {
        ModelContract contract = contract(s);
        OnnxGraphBuilder b = new OnnxGraphBuilder("generated_demo");
        b.metadata(ModelContract.METADATA_KEY, ContractJson.write(contract));
        int h = s.height() / 4;
        int w = s.width() / 4;
        Random rnd = new Random(42);

        String x = b.input("image", 1, 3, s.height(), s.width());
        String pooled = b.node("AveragePool", List.of(x), null,
                OnnxGraphBuilder.ints("kernel_shape", 4, 4), OnnxGraphBuilder.ints("strides", 4, 4));
        // colour features (1×1 conv over RGB)
        float t = 1f / 3f;
        float[] cw = {
            t, t, t,            // brightness
            -0.5f, -0.5f, 1f,   // blueness
            -0.5f, 1f, -0.5f,   // greenness
            -t, -t, -t          // darkness
        };
        float[] cb = {0f, 1f, 1f, 1f};
        String colour = b.conv(pooled, cw, cb, 4, 3, 1, 1, null);
        float[] rows = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                rows[y * w + xx] = (y + 0.5f) / h;
            }
        }
        String row = b.initializer("row_position", rows, 1, 1, h, w);
        String features = b.node("Concat", List.of(colour, row), "colour_and_position", OnnxGraphBuilder.integer("axis", 1));

        // trunk: lift to `channels` (identity on the first 5), then residual blocks
        int c = s.channels();
        float[] lift = new float[c * FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            lift[i * FEATURES + i] = 1f;
        }
        for (int i = FEATURES; i < c; i++) {
            for (int j = 0; j < FEATURES; j++) {
                lift[i * FEATURES + j] = (float) (rnd.nextGaussian() * 0.2);
            }
        }
        String trunk = b.node("Relu", b.conv(features, lift, new float[c], c, FEATURES, 1, 1, null));
        for (int i = 0; i < s.trunkBlocks(); i++) {
            trunk = residual(b, trunk, c, rnd);
        }
        trunk = b.node("Identity", List.of(trunk), "features");

        // segmentation: road, sky, vegetation, other from (brightness, blue+1, green+1, dark, row)
        float[] sw = new float[4 * c];
        // inputs: brightness, B = blueness + 1, G = greenness + 1, darkness, row (0 top .. 1 bottom)
        float[][] segRows = {
            {0f, -4f, -4f, 0f, 7f},      // road: low in the image, neither blue nor green
            {3f, 12f, 0f, 0f, -10f},     // sky: bright, bluish, high
            {0f, 0f, 15f, 0f, 0f},       // vegetation: green
            {0f, 0f, 0f, 0f, 0f}         // other
        };
        for (int k = 0; k < 4; k++) {
            System.arraycopy(segRows[k], 0, sw, k * c, FEATURES);
        }
        b.conv(trunk, sw, new float[] {4.5f, -11f, -14.7f, 0.8f}, 4, c, 1, 1, "seg_logits");
        b.output("seg_logits", 1, 4, h, w);

        // depth: own branch, then flat-road prior per row + a brightness term
        String d = trunk;
        for (int i = 0; i < s.depthBlocks(); i++) {
            d = residual(b, d, c, rnd);
        }
        float[] dw = new float[c];
        dw[3] = 4f; // darker (shadowed, closer objects) → nearer is not modelled; small, visible variation
        String dconv = b.conv(d, dw, new float[] {-2f}, 1, c, 1, 1, null);
        String prior = b.initializer("road_depth_prior", roadPrior(s, h, w), 1, 1, h, w);
        b.node("Add", List.of(dconv, prior), "depth");
        b.output("depth", 1, 1, h, w);

        // detection: dark compact blobs (centre-surround on darkness) below the horizon
        float[] dog = new float[c * 25];
        for (int ky = 0; ky < 5; ky++) {
            for (int kx = 0; kx < 5; kx++) {
                boolean centre = Math.abs(ky - 2) <= 1 && Math.abs(kx - 2) <= 1;
                dog[3 * 25 + ky * 5 + kx] = centre ? 16f / 9f : -1f;  // darkness channel
                dog[4 * 25 + ky * 5 + kx] = 0.16f;                    // below-horizon prior (row position)
            }
        }
        String blob = b.conv(trunk, dog, new float[] {-5.0f}, 1, c, 5, 1, null);
        // the conv's zero padding makes every border look like a blob edge: mute the 2 outer cells
        float[] border = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                border[y * w + xx] = y < 2 || xx < 2 || y >= h - 2 || xx >= w - 2 ? -20f : 0f;
            }
        }
        String muted = b.node("Add", blob, b.initializer("border_mute", border, 1, 1, h, w));
        b.node("Sigmoid", List.of(muted), "det_heatmap");
        b.output("det_heatmap", 1, 1, h, w);
        float[] sizeW = new float[2 * c];
        sizeW[4] = s.width() * 0.25f;      // width grows towards the bottom of the image
        sizeW[c + 4] = s.height() * 0.3f;  // height likewise
        b.conv(trunk, sizeW, new float[] {s.width() * 0.01f, s.height() * 0.02f}, 2, c, 1, 1, "det_size");
        b.output("det_size", 1, 2, h, w);
        b.conv(trunk, new float[2 * c], new float[] {0.5f, 0.5f}, 2, c, 1, 1, "det_offset");
        b.output("det_offset", 1, 2, h, w);
        return b.toBytes();
    }

    /** A residual block y = relu(x + conv3x3(x)) with small random weights (compute without destroying features). */
    private static String residual(OnnxGraphBuilder b, String x, int c, Random rnd) {
        float[] wts = new float[c * c * 9];
        for (int i = 0; i < wts.length; i++) {
            wts[i] = (float) (rnd.nextGaussian() * 0.01);
        }
        String conv = b.conv(x, wts, new float[c], c, c, 3, 1, null);
        return b.node("Relu", b.node("Add", x, conv));
    }

    /** Flat-road depth per head row for a camera 1.3 m high, horizon at 45% of the height; 80 m above it. */
    private static float[] roadPrior(Spec s, int h, int w) {
        double f = focal(s);
        double horizon = 0.45 * s.height();
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            double v = (y + 0.5) * 4;
            double depth = v > horizon + 1 ? Math.min(80.0, 1.3 * f / (v - horizon)) : 80.0;
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (float) depth;
            }
        }
        return out;
    }

    private static double focal(Spec s) {
        return 0.8 * s.width(); // ~64° horizontal field of view, like common dash cams
    }

    /** Every output name, for tests. */
    public static List<String> outputs() {
        return new ArrayList<>(List.of("det_heatmap", "det_size", "det_offset", "seg_logits", "depth"));
    }
}
