package dev.trident.runtime.decode;

import dev.trident.runtime.contract.DepthEncoding;
import dev.trident.runtime.contract.DepthSpec;
import dev.trident.runtime.contract.DetectionDecoderType;
import dev.trident.runtime.contract.DetectionSpec;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.DepthMap;
import dev.trident.runtime.result.Detection;
import dev.trident.runtime.result.SegmentationMap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.opencv.core.Mat;

/**
 * Micro benchmark of the decoders on realistic head sizes for a 640×384 input fed from 1280×720
 * frames: a CenterNet head 7×96×160 (stride 4, low noise plus 30 objects), a 14-class logits
 * segmentation head 96×160 (spatially coherent logits) and a disparity depth head 96×160. Prints
 * the median and 90th percentile microseconds per decode (and per segmentation
 * {@code toSourceResolution}). Single-threaded command-line tool.
 *
 * <p>Usage: {@code java -cp "runtime/target/trident-runtime.jar:runtime/target/lib/*"
 * dev.trident.runtime.decode.DecoderBenchmark [iterations]}
 */
public final class DecoderBenchmark {
    private static final int W = 160;
    private static final int H = 96;

    private DecoderBenchmark() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        InputTransform transform = InputTransform.letterbox(1280, 720, 640, 384);
        Random random = new Random(42);

        TensorView heatmap = random("heatmap", random, 0, 0.2f, 1, 7, H, W);
        TensorView size = random("size", random, 4, 120, 1, 2, H, W);
        TensorView offset = random("offset", random, 0, 1, 1, 2, H, W);
        for (int i = 0; i < 30; i++) {
            int c = random.nextInt(7);
            int x = 1 + random.nextInt(W - 2);
            int y = 1 + random.nextInt(H - 2);
            heatmap.data().put((c * H + y) * W + x, 0.4f + 0.6f * random.nextFloat());
        }
        List<String> detClasses = List.of("car", "truck", "bus", "person", "rider", "bicycle", "motorcycle");
        DetectionDecoder centerNet = DetectionDecoder.forHead(new HeadSpec("objects", Task.DETECTION,
                Map.of("heatmap", "heatmap", "size", "size", "offset", "offset"), detClasses, 4,
                DetectionSpec.of(DetectionDecoderType.CENTERNET), null, null));
        Map<String, TensorView> detOutputs = Map.of("heatmap", heatmap, "size", size, "offset", offset);
        List<Detection> detections = new ArrayList<>();

        List<String> segClasses = IntStream.range(0, 14).mapToObj(i -> "class" + i).toList();
        SegmentationDecoder segDecoder = new SegmentationDecoder(new HeadSpec("seg", Task.SEGMENTATION,
                Map.of("mask", "mask"), segClasses, 4, null, null, null));
        TensorView mask = random("mask", random, -1, 1, 1, 14, H, W);
        // spatially coherent classes like a real scene (8×8-cell regions), winning logit +3 over noise;
        // uniformly random logits are the argmax worst case (branch mispredictions), about 2.5× slower
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int c = Math.floorMod((y / 8) * 31 + (x / 8) * 17, 14);
                int i = (c * H + y) * W + x;
                mask.data().put(i, mask.data().get(i) + 3);
            }
        }
        SegmentationMap segMap = segDecoder.newMap(W, H);

        DepthDecoder depthDecoder = new DepthDecoder(new HeadSpec("depth", Task.DEPTH, Map.of("depth", "depth"),
                List.of(), 4, null, null, new DepthSpec(DepthEncoding.DISPARITY, 0.5, 80)));
        TensorView depth = random("depth", random, 0, 1, 1, 1, H, W);
        DepthMap depthMap = depthDecoder.newMap(W, H);

        report("centernet 7x96x160", iterations, () -> centerNet.decode(detOutputs, transform, detections));
        System.out.printf(Locale.ROOT, "  (%d detections per frame)%n", detections.size());
        report("segmentation 14x96x160", iterations, () -> segDecoder.decode(mask, transform, segMap));
        report("depth 96x160 (disparity)", iterations, () -> depthDecoder.decode(depth, transform, depthMap));
        report("depth robustDepthInSourceBox", iterations,
                () -> depthMap.robustDepthInSourceBox(400, 300, 700, 500, 0.3));

        nu.pattern.OpenCV.loadLocally();
        Mat full = new Mat();
        try {
            report("segmentation toSourceResolution 1280x720", Math.max(1, iterations / 4), () -> segMap.toSourceResolution(full));
        } finally {
            full.release();
        }
    }

    private static TensorView random(String name, Random random, float lo, float hi, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        FloatBuffer data = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < n; i++) {
            data.put(i, lo + (hi - lo) * random.nextFloat());
        }
        return new TensorView(name, shape, data);
    }

    private static void report(String what, int iterations, Runnable decode) {
        for (int i = 0; i < Math.max(200, iterations / 2); i++) {
            decode.run(); // warm up the JIT
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            decode.run();
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-42s median %8.1f us   p90 %8.1f us%n", what,
                nanos[iterations / 2] / 1e3, nanos[iterations * 9 / 10] / 1e3);
    }
}
