package dev.trident.runtime.preprocess;

import static dev.trident.runtime.preprocess.PreprocessFixtures.at;
import static dev.trident.runtime.preprocess.PreprocessFixtures.expected;
import static dev.trident.runtime.preprocess.PreprocessFixtures.rawSpec;
import static dev.trident.runtime.preprocess.PreprocessFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trident.runtime.contract.ColorOrder;
import dev.trident.runtime.contract.InputSpec;
import dev.trident.runtime.contract.ResizeSpec;
import dev.trident.runtime.image.OpenCvNatives;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Letterbox/stretch placement, padding, and where source pixels land in the input. */
class PreprocessorGeometryTest {
    private static final double EPS = 1e-9;

    @BeforeAll
    static void loadOpenCv() {
        OpenCvNatives.load();
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
        // srcW, srcH, dstW, dstH, contentW, contentH, padX, padY
        "1280, 720, 640, 384, 640, 360, 0, 12",     // landscape dash-cam, downscale 0.5
        "720, 1280, 640, 384, 216, 384, 212, 0",    // portrait
        "1920, 1080, 640, 384, 640, 360, 0, 12",
        "333, 217, 640, 384, 589, 384, 25, 0",      // odd sizes, upscale ×1.77
        "320, 180, 640, 384, 640, 360, 0, 12",      // upscale ×2
        "641, 385, 640, 384, 639, 384, 0, 0",       // just above the input size: odd pad of 1 → floor
        "640, 384, 640, 384, 640, 384, 0, 0",       // identity
        "1, 1000, 640, 384, 1, 384, 319, 0",        // extreme aspect: at least one column
    })
    void letterboxPlacementAndScale(int srcW, int srcH, int dstW, int dstH, int contentW, int contentH,
                                    int padX, int padY) {
        Mat image = new Mat(srcH, srcW, CvType.CV_8UC3, new Scalar(0, 0, 0));
        try (Preprocessor pre = new Preprocessor(spec(dstW, dstH, ColorOrder.RGB, ResizeSpec.letterbox(114)))) {
            InputTransform t = pre.run(image);

            assertThat(t).isEqualTo(InputTransform.letterbox(srcW, srcH, dstW, dstH));
            assertThat(t.contentWidth()).isEqualTo(contentW);
            assertThat(t.contentHeight()).isEqualTo(contentH);
            assertThat(t.padX()).isEqualTo(padX);
            assertThat(t.padY()).isEqualTo(padY);
            assertThat(t.scaleX()).isEqualTo((double) contentW / srcW);
            assertThat(t.scaleY()).isEqualTo((double) contentH / srcH);
            assertMapsBackExactly(t);
        } finally {
            image.release();
        }
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({"1280, 720, 640, 384", "720, 1280, 640, 384", "333, 217, 640, 384", "100, 50, 640, 384"})
    void stretchScalesEachAxisWithoutPadding(int srcW, int srcH, int dstW, int dstH) {
        Mat image = new Mat(srcH, srcW, CvType.CV_8UC3, new Scalar(0, 0, 0));
        try (Preprocessor pre = new Preprocessor(spec(dstW, dstH, ColorOrder.RGB, ResizeSpec.stretch()))) {
            InputTransform t = pre.run(image);

            assertThat(t.padX()).isZero();
            assertThat(t.padY()).isZero();
            assertThat(t.scaleX()).isEqualTo((double) dstW / srcW);
            assertThat(t.scaleY()).isEqualTo((double) dstH / srcH);
            assertThat(t.contentWidth()).isEqualTo(dstW);
            assertThat(t.contentHeight()).isEqualTo(dstH);
            assertMapsBackExactly(t);
        } finally {
            image.release();
        }
    }

    /** Corners and box edges round-trip, and the source frame's edges land on the content bounds. */
    private static void assertMapsBackExactly(InputTransform t) {
        double[][] points = {{0, 0}, {t.sourceWidth(), t.sourceHeight()}, {t.sourceWidth(), 0}, {0, t.sourceHeight()},
            {0.5, 0.5}, {t.sourceWidth() / 3.0, t.sourceHeight() * 0.7}, {12.25, 7.75}};
        for (double[] p : points) {
            assertThat(t.toSourceX(t.toInputX(p[0]))).isCloseTo(p[0], within(EPS));
            assertThat(t.toSourceY(t.toInputY(p[1]))).isCloseTo(p[1], within(EPS));
        }
        assertThat(t.toInputX(0)).isEqualTo(t.padX());
        assertThat(t.toInputY(0)).isEqualTo(t.padY());
        assertThat(t.toInputX(t.sourceWidth())).isCloseTo(t.padX() + t.contentWidth(), within(EPS));
        assertThat(t.toInputY(t.sourceHeight())).isCloseTo(t.padY() + t.contentHeight(), within(EPS));
        assertThat(t.toSourceX(t.padX() + t.contentWidth())).isCloseTo(t.sourceWidth(), within(EPS));
        assertThat(t.toSourceY(t.padY() + t.contentHeight())).isCloseTo(t.sourceHeight(), within(EPS));
        assertThat(t.padX() + t.contentWidth()).isLessThanOrEqualTo(t.inputWidth());
        assertThat(t.padY() + t.contentHeight()).isLessThanOrEqualTo(t.inputHeight());
        // centred: the two borders differ by at most one pixel, the extra one at the right/bottom
        int right = t.inputWidth() - t.padX() - t.contentWidth();
        int bottom = t.inputHeight() - t.padY() - t.contentHeight();
        assertThat(right - t.padX()).isBetween(0, 1);
        assertThat(bottom - t.padY()).isBetween(0, 1);
    }

    @ParameterizedTest
    @EnumSource(ColorOrder.class)
    void paddingHoldsTheNormalisedPadValueInEveryPlane(ColorOrder order) {
        int pad = 114;
        InputSpec spec = spec(640, 384, order, ResizeSpec.letterbox(pad));
        Mat image = new Mat(720, 1280, CvType.CV_8UC3, new Scalar(255, 255, 255));
        Mat portrait = new Mat(1280, 720, CvType.CV_8UC3, new Scalar(0, 0, 0));
        try (Preprocessor pre = new Preprocessor(spec)) {
            ByteBuffer buf = pre.buffer();
            pre.run(image); // pad rows 0..11 and 372..383
            for (int c = 0; c < 3; c++) {
                for (int x = 0; x < 640; x += 7) {
                    for (int y : new int[] {0, 11, 372, 383}) {
                        assertThat(at(buf, 640, 384, c, y, x)).isCloseTo(expected(spec, c, pad), within(1e-5f));
                    }
                    for (int y : new int[] {12, 200, 371}) {
                        assertThat(at(buf, 640, 384, c, y, x)).isCloseTo(expected(spec, c, 255), within(1e-5f));
                    }
                }
            }
            pre.run(portrait); // size change: pad columns 0..211 and 428..639, the old content rows are now pad
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 384; y += 5) {
                    for (int x : new int[] {0, 100, 211, 428, 639}) {
                        assertThat(at(buf, 640, 384, c, y, x)).isCloseTo(expected(spec, c, pad), within(1e-5f));
                    }
                    for (int x : new int[] {212, 320, 427}) {
                        assertThat(at(buf, 640, 384, c, y, x)).isCloseTo(expected(spec, c, 0), within(1e-5f));
                    }
                }
            }
        } finally {
            image.release();
            portrait.release();
        }
    }

    @ParameterizedTest
    @EnumSource(ColorOrder.class)
    void constantColourStaysConstantAndAWhiteSquareLandsWhereTheTransformSays(ColorOrder order) {
        InputSpec spec = spec(640, 384, order, ResizeSpec.letterbox(114));
        int[] colour = {30, 90, 200}; // B, G, R
        Mat image = new Mat(720, 1280, CvType.CV_8UC3, new Scalar(colour[0], colour[1], colour[2]));
        // white square, source x in [400, 480), y in [200, 280)
        image.submat(200, 280, 400, 480).setTo(new Scalar(255, 255, 255));
        try (Preprocessor pre = new Preprocessor(spec)) {
            InputTransform t = pre.run(image);
            int x0 = (int) t.toInputX(400);
            int x1 = (int) t.toInputX(480);
            int y0 = (int) t.toInputY(200);
            int y1 = (int) t.toInputY(280);
            assertThat(new int[] {x0, x1, y0, y1}).containsExactly(200, 240, 112, 152);
            for (int c = 0; c < 3; c++) {
                int bgrChannel = order == ColorOrder.RGB ? 2 - c : c;
                float background = expected(spec, c, colour[bgrChannel]);
                float white = expected(spec, c, 255);
                int wrongInside = 0;
                int wrongOutside = 0;
                for (int y = t.padY(); y < t.padY() + t.contentHeight(); y++) {
                    for (int x = 0; x < 640; x++) {
                        boolean inside = x >= x0 && x < x1 && y >= y0 && y < y1;
                        boolean nearEdge = x >= x0 - 1 && x <= x1 && y >= y0 - 1 && y <= y1;
                        float v = at(pre.buffer(), 640, 384, c, y, x);
                        if (inside) {
                            wrongInside += Math.abs(v - white) <= 1e-5f ? 0 : 1;
                        } else if (!nearEdge) {
                            wrongOutside += Math.abs(v - background) <= 1e-5f ? 0 : 1;
                        }
                    }
                }
                assertThat(wrongInside).as("plane %d: pixels inside the mapped square that are not white", c).isZero();
                assertThat(wrongOutside).as("plane %d: background pixels off the constant colour", c).isZero();
            }
        } finally {
            image.release();
        }
    }

    /**
     * A linear ramp (B = 4x, G = 4y) stays linear under bilinear interpolation, so every input
     * pixel centre must hold 4× the source coordinate the transform maps it to, up to OpenCV's
     * 8-bit fixed-point rounding (< 1 level per pixel, a mean bias of about −1/8 level). A geometry
     * error of half an input pixel would move the values by 1.4 to 3 levels in these cases.
     */
    @ParameterizedTest(name = "{0}x{1} -> {2}x{3} {4}")
    @CsvSource({
        "60, 45, 96, 64, letterbox",   // upscale ×1.42, pad x
        "60, 45, 40, 32, letterbox",   // downscale ×0.67, pad y
        "45, 60, 64, 50, letterbox",   // portrait, odd content width 38 (no exact half-level ties)
        "60, 45, 37, 70, stretch",     // down in x, up in y
        "60, 45, 120, 90, stretch",    // ×2
    })
    void rampPixelsLandAtTheTransformedCoordinates(int srcW, int srcH, int dstW, int dstH, String mode) {
        int slope = 4;
        Mat image = new Mat(srcH, srcW, CvType.CV_8UC3);
        byte[] row = new byte[srcW * 3];
        for (int y = 0; y < srcH; y++) {
            for (int x = 0; x < srcW; x++) {
                row[x * 3] = (byte) (slope * x);
                row[x * 3 + 1] = (byte) (slope * y);
                row[x * 3 + 2] = (byte) 77;
            }
            image.put(y, 0, row);
        }
        ResizeSpec resize = mode.equals("stretch") ? ResizeSpec.stretch() : ResizeSpec.letterbox(3);
        try (Preprocessor pre = new Preprocessor(rawSpec(dstW, dstH, resize))) {
            InputTransform t = pre.run(image);
            ByteBuffer buf = pre.buffer();
            double worst = 0;
            String worstAt = "";
            double sumX = 0;
            double sumY = 0;
            int contentPixels = 0;
            int wrongPad = 0;
            int wrongConstant = 0;
            for (int y = 0; y < dstH; y++) {
                for (int x = 0; x < dstW; x++) {
                    boolean content = x >= t.padX() && x < t.padX() + t.contentWidth()
                            && y >= t.padY() && y < t.padY() + t.contentHeight();
                    if (!content) {
                        for (int c = 0; c < 3; c++) {
                            wrongPad += at(buf, dstW, dstH, c, y, x) == 3f ? 0 : 1;
                        }
                        continue;
                    }
                    // source pixel-index coordinate of this input pixel's centre, clamped like BORDER_REPLICATE
                    double sx = clamp(t.toSourceX(x + 0.5) - 0.5, srcW - 1);
                    double sy = clamp(t.toSourceY(y + 0.5) - 0.5, srcH - 1);
                    double errX = at(buf, dstW, dstH, 0, y, x) - slope * sx;
                    double errY = at(buf, dstW, dstH, 1, y, x) - slope * sy;
                    if (Math.max(Math.abs(errX), Math.abs(errY)) > worst) {
                        worst = Math.max(Math.abs(errX), Math.abs(errY));
                        worstAt = "input (" + x + "," + y + ") = source (" + sx + "," + sy + ")";
                    }
                    sumX += errX;
                    sumY += errY;
                    contentPixels++;
                    wrongConstant += at(buf, dstW, dstH, 2, y, x) == 77f ? 0 : 1;
                }
            }
            // one assertion per check after plain loops: AssertJ per pixel would make this test slow
            assertThat(worst).as("worst error in levels at %s", worstAt).isLessThan(1.0);
            assertThat(sumX / contentPixels).as("mean error of B = 4x in levels").isCloseTo(0.0, within(0.25));
            assertThat(sumY / contentPixels).as("mean error of G = 4y in levels").isCloseTo(0.0, within(0.25));
            assertThat(wrongPad).as("padding values not equal to the pad").isZero();
            assertThat(wrongConstant).as("constant channel values changed").isZero();
        } finally {
            image.release();
        }
    }

    private static double clamp(double v, double max) {
        return Math.max(0, Math.min(max, v));
    }

    @Test
    void sourceSizeChangesBetweenFramesGiveTheSameResultAsAFreshPreprocessor() {
        InputSpec spec = spec(320, 192, ColorOrder.RGB, ResizeSpec.letterbox(114));
        Mat a = new Mat(720, 1280, CvType.CV_8UC3);
        Mat b = new Mat(480, 640, CvType.CV_8UC3);
        Mat c = new Mat(1280, 720, CvType.CV_8UC3);
        org.opencv.core.Core.randu(a, 0, 256);
        org.opencv.core.Core.randu(b, 0, 256);
        org.opencv.core.Core.randu(c, 0, 256);
        try (Preprocessor shared = new Preprocessor(spec)) {
            for (Mat image : new Mat[] {a, b, c, a, c}) {
                InputTransform t = shared.run(image);
                try (Preprocessor fresh = new Preprocessor(spec)) {
                    assertThat(fresh.run(image)).isEqualTo(t);
                    assertThat(PreprocessFixtures.bytes(shared.buffer()))
                            .as("%dx%d after other sizes", image.cols(), image.rows())
                            .isEqualTo(PreprocessFixtures.bytes(fresh.buffer()));
                }
            }
        } finally {
            a.release();
            b.release();
            c.release();
        }
    }

    @Test
    void nonContinuousSubmatSourceIsResizedLikeItsCopy() {
        Mat big = new Mat(400, 600, CvType.CV_8UC3);
        org.opencv.core.Core.randu(big, 0, 256);
        Mat view = big.submat(50, 350, 100, 500);
        Mat copy = view.clone();
        try (Preprocessor pre = new Preprocessor(spec(128, 96, ColorOrder.RGB, ResizeSpec.letterbox(114)))) {
            assertThat(view.isContinuous()).isFalse();
            pre.run(copy);
            byte[] fromCopy = PreprocessFixtures.bytes(pre.buffer());
            pre.run(view);
            assertThat(PreprocessFixtures.bytes(pre.buffer())).isEqualTo(fromCopy);
        } finally {
            view.release();
            copy.release();
            big.release();
        }
    }

    /** Guards the claim in InputTransform's Javadoc that OpenCV's resize shares its pixel-centre convention. */
    @Test
    void openCvResizeOfAnIdentityRampMatchesTheTransformAtHalfScale() {
        Mat src = new Mat(1, 8, CvType.CV_8UC1);
        src.put(0, 0, new byte[] {0, 10, 20, 30, 40, 50, 60, 70});
        Mat dst = new Mat();
        try {
            Imgproc.resize(src, dst, new org.opencv.core.Size(4, 1), 0, 0, Imgproc.INTER_LINEAR);
            byte[] out = new byte[4];
            dst.get(0, 0, out);
            // input pixel i centre (i+0.5) ↔ source 2i+1 ↔ index 2i+0.5 → mean of neighbours 2i, 2i+1
            assertThat(out).containsExactly(5, 25, 45, 65);
        } finally {
            src.release();
            dst.release();
        }
    }
}
