package dev.trident.runtime.preprocess;

import static dev.trident.runtime.preprocess.PreprocessFixtures.bytes;
import static dev.trident.runtime.preprocess.PreprocessFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.contract.ColorOrder;
import dev.trident.runtime.contract.InputSpec;
import dev.trident.runtime.contract.ResizeSpec;
import dev.trident.runtime.image.OpenCvNatives;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/** Real dash-cam frames, and bad frames that must be rejected without breaking the preprocessor. */
class PreprocessorInputTest {
    private static final List<Mat> FRAMES = new ArrayList<>();

    @BeforeAll
    static void readRealFrames() {
        OpenCvNatives.load();
        Path dir = PreprocessFixtures.realFrames();
        for (int i = 1; i <= 6; i++) {
            Path file = dir.resolve("bdd-" + i + ".jpg");
            Mat m = Imgcodecs.imread(file.toString());
            assertThat(m.empty()).as("decoded %s", file).isFalse();
            assertThat(m.type()).isEqualTo(CvType.CV_8UC3);
            FRAMES.add(m);
        }
    }

    @AfterAll
    static void releaseFrames() {
        FRAMES.forEach(Mat::release);
        FRAMES.clear();
    }

    static List<InputSpec> specs() {
        return List.of(spec(640, 384, ColorOrder.RGB, ResizeSpec.letterbox(114)),
                spec(640, 384, ColorOrder.BGR, ResizeSpec.stretch()),
                spec(416, 416, ColorOrder.RGB, ResizeSpec.letterbox(0)));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void realFramesGiveFiniteValuesInTheNormalisedRangeIndependentOfEarlierFrames(InputSpec spec) {
        try (Preprocessor pre = new Preprocessor(spec)) {
            List<byte[]> first = new ArrayList<>();
            for (Mat frame : FRAMES) {
                InputTransform t = pre.run(frame);
                assertThat(t.sourceWidth()).isEqualTo(1280);
                assertThat(t.sourceHeight()).isEqualTo(720);
                assertInNormalisedRange(spec, pre.buffer());
                first.add(bytes(pre.buffer()));
            }
            // A, B, A: each frame's tensor depends on that frame only
            for (int i = FRAMES.size() - 1; i >= 0; i--) {
                pre.run(FRAMES.get(i));
                assertThat(bytes(pre.buffer())).as("bdd-%d rerun", i + 1).isEqualTo(first.get(i));
            }
            for (int i = 1; i < first.size(); i++) {
                assertThat(first.get(i)).as("bdd-%d differs from bdd-%d", i + 1, i).isNotEqualTo(first.get(i - 1));
            }
        }
    }

    private static void assertInNormalisedRange(InputSpec spec, ByteBuffer buffer) {
        FloatBuffer floats = buffer.duplicate().order(buffer.order()).asFloatBuffer();
        int plane = spec.width() * spec.height();
        for (int c = 0; c < 3; c++) {
            float lo = (float) Math.min(spec.beta(c), 255 * spec.alpha(c) + spec.beta(c)) - 1e-5f;
            float hi = (float) Math.max(spec.beta(c), 255 * spec.alpha(c) + spec.beta(c)) + 1e-5f;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                float v = floats.get(i);
                assertThat(Float.isFinite(v)).as("plane %d index %d finite", c, i).isTrue();
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertThat(min).as("plane %d min", c).isGreaterThanOrEqualTo(lo);
            assertThat(max).as("plane %d max", c).isLessThanOrEqualTo(hi);
            assertThat(max - min).as("plane %d has real content", c).isGreaterThan((hi - lo) / 4);
        }
    }

    static List<Arguments> badImages() {
        return List.<Arguments>of(
                Arguments.of("null", (Supplier<Mat>) () -> null, "null"),
                Arguments.of("empty Mat", (Supplier<Mat>) Mat::new, "empty"),
                Arguments.of("0x0 CV_8UC3", (Supplier<Mat>) () -> new Mat(0, 0, CvType.CV_8UC3), "empty"),
                Arguments.of("0 rows", (Supplier<Mat>) () -> new Mat(0, 640, CvType.CV_8UC3), "empty"),
                Arguments.of("CV_16UC3", (Supplier<Mat>) () -> new Mat(48, 64, CvType.CV_16UC3, new Scalar(1000)), "CV_16UC3"),
                Arguments.of("CV_32FC3", (Supplier<Mat>) () -> new Mat(48, 64, CvType.CV_32FC3, new Scalar(0.5)), "CV_32FC3"),
                Arguments.of("CV_8UC2", (Supplier<Mat>) () -> new Mat(48, 64, CvType.CV_8UC2), "CV_8UC2"),
                Arguments.of("3-D Mat", (Supplier<Mat>) () -> new Mat(new int[] {2, 3, 4}, CvType.CV_8UC3), "dimensions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badImages")
    void badImageIsRejectedWithAOneLineMessageAndTheNextGoodFrameStillWorks(String what, Supplier<Mat> bad,
                                                                          String named) {
        InputSpec spec = spec(640, 384, ColorOrder.RGB, ResizeSpec.letterbox(114));
        Mat good = FRAMES.get(0);
        byte[] reference;
        try (Preprocessor fresh = new Preprocessor(spec)) {
            fresh.run(good);
            reference = bytes(fresh.buffer());
        }
        Mat image = bad.get();
        try (Preprocessor pre = new Preprocessor(spec)) {
            pre.run(FRAMES.get(1));
            assertThatThrownBy(() -> pre.run(image))
                    .isInstanceOf(TridentException.class)
                    .hasMessageContaining(named)
                    .hasMessageContaining("pass")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

            InputTransform t = pre.run(good);
            assertThat(t).isEqualTo(InputTransform.letterbox(1280, 720, 640, 384));
            assertThat(bytes(pre.buffer())).isEqualTo(reference);
        } finally {
            if (image != null) {
                image.release();
            }
        }
    }

    @Test
    void badImageBeforeAnyGoodOneLeavesThePreprocessorUsable() {
        InputSpec spec = spec(320, 192, ColorOrder.BGR, ResizeSpec.stretch());
        Mat empty = new Mat();
        try (Preprocessor pre = new Preprocessor(spec); Preprocessor fresh = new Preprocessor(spec)) {
            assertThatThrownBy(() -> pre.run(empty)).isInstanceOf(TridentException.class);
            assertThatThrownBy(() -> pre.run(null)).isInstanceOf(TridentException.class);
            pre.run(FRAMES.get(2));
            fresh.run(FRAMES.get(2));
            assertThat(bytes(pre.buffer())).isEqualTo(bytes(fresh.buffer()));
        } finally {
            empty.release();
        }
    }
}
