package dev.trident.runtime.preprocess;

import static dev.trident.runtime.preprocess.PreprocessFixtures.at;
import static dev.trident.runtime.preprocess.PreprocessFixtures.bgr;
import static dev.trident.runtime.preprocess.PreprocessFixtures.bytes;
import static dev.trident.runtime.preprocess.PreprocessFixtures.expected;
import static dev.trident.runtime.preprocess.PreprocessFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trident.runtime.contract.ColorOrder;
import dev.trident.runtime.contract.InputSpec;
import dev.trident.runtime.contract.ResizeSpec;
import dev.trident.runtime.image.OpenCvNatives;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Pixel values, plane order and normalisation, buffer layout and reuse. */
class PreprocessorValuesTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCvNatives.load();
    }

    @ParameterizedTest
    @EnumSource(ColorOrder.class)
    void sameSizeStretchGivesPixelTimesAlphaPlusBetaInTheRightPlane(ColorOrder order) {
        int w = 7;
        int h = 5;
        int[][][] px = new int[h][w][3];
        Random rnd = new Random(42);
        for (int[][] row : px) {
            for (int[] p : row) {
                for (int ch = 0; ch < 3; ch++) {
                    p[ch] = rnd.nextInt(256);
                }
            }
        }
        px[0][0] = new int[] {0, 128, 255}; // the extremes, in distinct channels
        InputSpec spec = spec(w, h, order, ResizeSpec.stretch());
        Mat image = bgr(px);
        try (Preprocessor pre = new Preprocessor(spec)) {
            InputTransform t = pre.run(image);

            assertThat(t).isEqualTo(InputTransform.stretch(w, h, w, h));
            ByteBuffer buf = pre.buffer();
            for (int c = 0; c < 3; c++) {
                int bgrChannel = order == ColorOrder.RGB ? 2 - c : c;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        assertThat(at(buf, w, h, c, y, x))
                                .as("plane %d at (%d,%d)", c, x, y)
                                .isCloseTo(expected(spec, c, px[y][x][bgrChannel]), within(1e-5f));
                    }
                }
            }
        } finally {
            image.release();
        }
    }

    @Test
    void perChannelMeanAndStdAreAppliedToTheirOwnPlane() {
        // one constant colour: B=10, G=20, R=30
        int[][][] px = new int[3][4][];
        for (int[][] row : px) {
            java.util.Arrays.fill(row, new int[] {10, 20, 30});
        }
        InputSpec spec = new InputSpec("images", "NCHW", 3, 4, ColorOrder.RGB, 0.5,
                java.util.List.of(1.0, 2.0, 3.0), java.util.List.of(2.0, 4.0, 8.0), ResizeSpec.stretch());
        Mat image = bgr(px);
        try (Preprocessor pre = new Preprocessor(spec)) {
            pre.run(image);
            // plane 0 = R: (30·0.5 − 1)/2 = 7; plane 1 = G: (20·0.5 − 2)/4 = 2; plane 2 = B: (10·0.5 − 3)/8 = 0.25
            assertThat(at(pre.buffer(), 4, 3, 0, 1, 2)).isEqualTo(7f);
            assertThat(at(pre.buffer(), 4, 3, 1, 2, 3)).isEqualTo(2f);
            assertThat(at(pre.buffer(), 4, 3, 2, 0, 0)).isEqualTo(0.25f);
        } finally {
            image.release();
        }
    }

    @Test
    void bufferIsDirectNativeOrderNchwAndShapeMatches() {
        try (Preprocessor pre = new Preprocessor(spec(640, 384, ColorOrder.RGB, ResizeSpec.letterbox(114)))) {
            assertThat(pre.buffer().isDirect()).isTrue();
            assertThat(pre.buffer().order()).isEqualTo(ByteOrder.nativeOrder());
            assertThat(pre.buffer().capacity()).isEqualTo(3 * 640 * 384 * Float.BYTES);
            assertThat(pre.shape()).containsExactly(1, 3, 384, 640);
        }
    }

    @Test
    void bufferAndPlaneMatsAreTheSameObjectsAcrossCallsAndWrapTheBufferSlices() {
        int w = 64;
        int h = 48;
        try (Preprocessor pre = new Preprocessor(spec(w, h, ColorOrder.RGB, ResizeSpec.letterbox(114)))) {
            ByteBuffer buffer = pre.buffer();
            Mat[] planes = {pre.planeMat(0), pre.planeMat(1), pre.planeMat(2)};
            long[] addresses = {planes[0].dataAddr(), planes[1].dataAddr(), planes[2].dataAddr()};
            assertThat(addresses[1] - addresses[0]).isEqualTo((long) w * h * Float.BYTES);
            assertThat(addresses[2] - addresses[1]).isEqualTo((long) w * h * Float.BYTES);

            Mat small = new Mat(30, 50, CvType.CV_8UC3, new org.opencv.core.Scalar(1, 2, 3));
            Mat large = new Mat(90, 100, CvType.CV_8UC3, new org.opencv.core.Scalar(200, 100, 50));
            try {
                for (Mat image : new Mat[] {small, large, small}) {
                    pre.run(image);
                    assertThat(pre.buffer()).isSameAs(buffer);
                    for (int c = 0; c < 3; c++) {
                        assertThat(pre.planeMat(c)).isSameAs(planes[c]);
                        assertThat(pre.planeMat(c).dataAddr()).as("plane %d data address", c).isEqualTo(addresses[c]);
                        // what OpenCV wrote through the plane Mat is what the buffer holds
                        float[] viaMat = new float[1];
                        pre.planeMat(c).get(h / 2, w / 2, viaMat);
                        assertThat(at(buffer, w, h, c, h / 2, w / 2)).isEqualTo(viaMat[0]);
                    }
                }
                // the large frame's BGR (200,100,50) must be in the buffer as R,G,B planes after its run
                pre.run(large);
                InputSpec spec = spec(w, h, ColorOrder.RGB, ResizeSpec.letterbox(114));
                assertThat(at(buffer, w, h, 0, h / 2, w / 2)).isCloseTo(expected(spec, 0, 50), within(1e-5f));
                assertThat(at(buffer, w, h, 1, h / 2, w / 2)).isCloseTo(expected(spec, 1, 100), within(1e-5f));
                assertThat(at(buffer, w, h, 2, h / 2, w / 2)).isCloseTo(expected(spec, 2, 200), within(1e-5f));
            } finally {
                small.release();
                large.release();
            }
        }
    }

    @Test
    void grayAndBgraInputsGiveTheSameTensorAsTheirBgrEquivalent() {
        Mat bgr = new Mat(120, 200, CvType.CV_8UC3);
        Mat gray = new Mat();
        Mat grayAsBgr = new Mat();
        Mat bgra = new Mat();
        org.opencv.core.Core.randu(bgr, 0, 256);
        Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);
        Imgproc.cvtColor(gray, grayAsBgr, Imgproc.COLOR_GRAY2BGR);
        Imgproc.cvtColor(bgr, bgra, Imgproc.COLOR_BGR2BGRA);
        try (Preprocessor pre = new Preprocessor(spec(96, 64, ColorOrder.RGB, ResizeSpec.letterbox(114)))) {
            pre.run(bgr);
            byte[] fromBgr = bytes(pre.buffer());
            pre.run(bgra);
            assertThat(bytes(pre.buffer())).isEqualTo(fromBgr);

            pre.run(grayAsBgr);
            byte[] fromGrayAsBgr = bytes(pre.buffer());
            pre.run(gray);
            assertThat(bytes(pre.buffer())).isEqualTo(fromGrayAsBgr);
            assertThat(fromGrayAsBgr).isNotEqualTo(fromBgr);
        } finally {
            bgr.release();
            gray.release();
            grayAsBgr.release();
            bgra.release();
        }
    }

    @Test
    void closeReleasesThePlaneMatsAndIsIdempotent() {
        Preprocessor pre = new Preprocessor(spec(32, 16, ColorOrder.RGB, ResizeSpec.letterbox(114)));
        Mat plane = pre.planeMat(0);
        pre.close();
        pre.close();
        assertThat(plane.empty()).isTrue();
        Mat image = new Mat(8, 8, CvType.CV_8UC3);
        try {
            assertThatThrownBy(() -> pre.run(image)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        } finally {
            image.release();
        }
    }
}
