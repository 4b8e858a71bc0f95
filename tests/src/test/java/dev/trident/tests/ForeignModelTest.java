package dev.trident.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trident.runtime.Frame;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.onnx.OnnxGraphBuilder;
import dev.trident.runtime.result.Detection;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.SegmentationMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A "foreign" model — no Trident metadata, YOLO-style rows, a YOLOP-style two-channel sigmoid
 * segmentation, inverse depth, BGR input with a stretch resize — runs from a sidecar JSON alone,
 * on a real dash-cam frame, and every output decodes to the hand-computed values.
 */
class ForeignModelTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        OpenCvNatives.load();
    }

    /** Outputs = constants + 0·mean(image): exact numbers through a real ORT session. */
    private static byte[] foreignModel() {
        OnnxGraphBuilder b = new OnnxGraphBuilder("foreign");
        String x = b.input("images", 1, 3, 64, 128);
        String mean = b.node("ReduceMean", List.of(x), null, OnnxGraphBuilder.ints("axes", 0, 1, 2, 3),
                OnnxGraphBuilder.integer("keepdims", 0)); // a scalar: broadcasts to any rank
        String nothing = b.node("Mul", mean, b.initializer("zero", new float[] {0f}, 1));
        // 3 rows (cx, cy, w, h, obj, car, person): two overlapping cars (NMS keeps the better), one person
        float[] rows = {
            32, 32, 20, 10, 0.9f, 0.8f, 0.1f,
            33, 32, 20, 10, 0.8f, 0.7f, 0.1f,
            96, 16, 8, 16, 0.7f, 0.1f, 0.9f
        };
        b.node("Add", List.of(b.initializer("rows_c", rows, 1, 3, 7), nothing), "output0");
        b.output("output0", 1, 3, 7);
        // drivable area (channel 0): bottom half on; lane (channel 1): column 5 on. Logits.
        float[] seg = new float[2 * 8 * 16];
        for (int y = 0; y < 8; y++) {
            for (int xx = 0; xx < 16; xx++) {
                seg[y * 16 + xx] = y >= 4 ? 4f : -4f;
                seg[128 + y * 16 + xx] = xx == 5 ? 3f : -3f;
            }
        }
        b.node("Add", List.of(b.initializer("seg_c", seg, 1, 2, 8, 16), nothing), "drive_lane");
        b.output("drive_lane", 1, 2, 8, 16);
        float[] inv = new float[8 * 16];
        java.util.Arrays.fill(inv, 0.05f); // 1 / 0.05 = 20 m
        inv[0] = 0.001f;                   // 1000 m: clamped to the 100 m range
        b.node("Add", List.of(b.initializer("inv_c", inv, 1, 1, 8, 16), nothing), "inv_depth");
        b.output("inv_depth", 1, 1, 8, 16);
        return b.toBytes();
    }

    private static final String SIDECAR = """
            {
              "name": "foreign-yolop-like",
              "input": {"name": "images", "height": 64, "width": 128, "colorOrder": "bgr",
                        "resize": {"mode": "stretch"}},
              "heads": [
                {"name": "objects", "task": "detection", "classes": ["car", "person"],
                 "outputs": {"rows": "output0"},
                 "detection": {"decoder": "yolo", "scoreThreshold": 0.25}},
                {"name": "drivable", "task": "segmentation", "classes": ["drivable", "lane"], "stride": 8,
                 "outputs": {"mask": "drive_lane"},
                 "segmentation": {"activation": "sigmoid", "threshold": 0.5}},
                {"name": "depth", "task": "depth", "stride": 8, "outputs": {"depth": "inv_depth"},
                 "depth": {"encoding": "inverse", "minDepth": 1, "maxDepth": 100}}
              ]
            }
            """;

    @Test
    void sidecarAloneRunsAForeignModel() throws Exception {
        Path model = dir.resolve("yolop_like.onnx");
        Files.write(model, foreignModel());
        Files.writeString(dir.resolve("yolop_like.trident.json"), SIDECAR);
        Path frame = Path.of(System.getProperty("trident.shared", "../../shared"), "real-frames", "bdd-3.jpg");
        Mat img = Imgcodecs.imread(frame.toString());
        assertThat(img.empty()).isFalse();
        try (Engine engine = Engine.open(model, DeviceConfig.defaults())) {
            PerceptionResult r = engine.process(Frame.of(img, 7));
            // stretch 1280x720 -> 128x64: x scale 10, y scale 11.25
            List<Detection> dets = r.detections("objects");
            assertThat(dets).hasSize(2);
            Detection car = dets.get(0);
            assertThat(car.label()).isEqualTo("car");
            assertThat(car.score()).isCloseTo(0.72f, within(1e-5f));
            assertThat(new float[] {car.x1(), car.y1(), car.x2(), car.y2()})
                    .containsExactly(new float[] {220, 303.75f, 420, 416.25f}, within(1e-3f));
            Detection person = dets.get(1);
            assertThat(person.label()).isEqualTo("person");
            assertThat(person.score()).isCloseTo(0.63f, within(1e-5f));
            assertThat(new float[] {person.x1(), person.y1(), person.x2(), person.y2()})
                    .containsExactly(new float[] {920, 90, 1000, 270}, within(1e-3f));

            SegmentationMap seg = r.segmentation("drivable").orElseThrow();
            assertThat(seg.multiLabel()).isTrue();
            assertThat(seg.fraction(0)).isCloseTo(0.5, within(1e-9));
            assertThat(seg.fraction(1)).isCloseTo(1.0 / 16, within(1e-9));
            assertThat(seg.channelOn(0, 3, 6)).isTrue();
            assertThat(seg.channelOn(0, 3, 1)).isFalse();
            assertThat(seg.channelOn(1, 5, 1)).isTrue();
            // source pixel (55·10, 700) lies in lane column 5 and the drivable bottom half
            assertThat(seg.classAtSource(555, 700)).isIn(0, 1);

            var depth = r.depth("depth").orElseThrow();
            assertThat(depth.depthAtSource(640, 360)).isCloseTo(20f, within(1e-4f));
            assertThat(depth.depthAtSource(5, 5)).isEqualTo(100f);
        } finally {
            img.release();
        }
    }
}
