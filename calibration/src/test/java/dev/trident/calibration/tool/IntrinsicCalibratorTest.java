package dev.trident.calibration.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trident.calibration.CalibrationException;
import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.Distortion;
import dev.trident.calibration.OpenCvNatives;
import dev.trident.calibration.SyntheticCamera;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

class IntrinsicCalibratorTest {
    static final ChessboardPattern PATTERN = new ChessboardPattern(9, 6, 0.025);

    @BeforeAll
    static void natives() {
        OpenCvNatives.load();
    }

    static List<IntrinsicCalibrator.View> detect(List<Mat> images) {
        ChessboardDetector detector = new ChessboardDetector(PATTERN);
        List<IntrinsicCalibrator.View> views = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            double[] c = detector.find(images.get(i));
            if (c != null) {
                views.add(new IntrinsicCalibrator.View("view-" + i, c));
            }
            images.get(i).release();
        }
        return views;
    }

    static void assertRecovered(CameraIntrinsics got, CameraIntrinsics truth) {
        assertThat(got.fx()).isCloseTo(truth.fx(), within(0.005 * truth.fx()));
        assertThat(got.fy()).isCloseTo(truth.fy(), within(0.005 * truth.fy()));
        assertThat(got.cx()).isCloseTo(truth.cx(), within(0.005 * truth.cx()));
        assertThat(got.cy()).isCloseTo(truth.cy(), within(0.005 * truth.cy()));
    }

    @Test
    void recoversABrownConradyCameraFromRenderedBoards() {
        CameraModel truth = new CameraModel("truth", new CameraIntrinsics(640, 480, 520, 515, 322.5, 236.0),
                new Distortion.BrownConrady(-0.28, 0.09, 0.0012, -0.0008, -0.01));
        SyntheticCamera camera = new SyntheticCamera(truth);
        List<IntrinsicCalibrator.View> views = detect(SyntheticBoards.views(camera, PATTERN, 14, 0.45, 30, 0.22));
        assertThat(views).hasSizeGreaterThanOrEqualTo(12);

        IntrinsicCalibrator.Result result = new IntrinsicCalibrator(PATTERN, false).calibrate("front", 640, 480, views);

        System.out.printf("pinhole: %s %s rms=%.4f views=%d rejected=%s%n", result.model().intrinsics(),
                result.model().distortion(), result.rmsPx(), result.views().size(), result.rejected());
        assertRecovered(result.model().intrinsics(), truth.intrinsics());
        assertThat(result.rmsPx()).isLessThan(0.3);
        assertThat(result.model().distortion()).isInstanceOf(Distortion.BrownConrady.class);
        Distortion.BrownConrady d = (Distortion.BrownConrady) result.model().distortion();
        assertThat(d.k1()).isCloseTo(-0.28, within(0.02));
        assertThat(result.rejected()).isEmpty();
    }

    @Test
    void recoversAFisheyeCameraFromRenderedBoards() {
        CameraModel truth = new CameraModel("fish", new CameraIntrinsics(640, 480, 250, 248, 318.0, 242.5),
                new Distortion.Fisheye(0.06, -0.02, 0.004, -0.001));
        SyntheticCamera camera = new SyntheticCamera(truth);
        List<IntrinsicCalibrator.View> views = detect(SyntheticBoards.views(camera, PATTERN, 14, 0.3, 30, 0.6));
        assertThat(views).hasSizeGreaterThanOrEqualTo(12);

        IntrinsicCalibrator.Result result = new IntrinsicCalibrator(PATTERN, true).calibrate("fish", 640, 480, views);

        System.out.printf("fisheye: %s %s rms=%.4f views=%d rejected=%s%n", result.model().intrinsics(),
                result.model().distortion(), result.rmsPx(), result.views().size(), result.rejected());
        assertRecovered(result.model().intrinsics(), truth.intrinsics());
        assertThat(result.rmsPx()).isLessThan(0.3);
        assertThat(result.model().distortion()).isInstanceOf(Distortion.Fisheye.class);
    }

    @Test
    void rejectsAViewWhoseCornersAreOffAndRecalibrates() {
        CameraModel truth = new CameraModel("truth", new CameraIntrinsics(640, 480, 520, 515, 322.5, 236.0),
                new Distortion.BrownConrady(-0.28, 0.09, 0.0012, -0.0008, -0.01));
        List<IntrinsicCalibrator.View> views = new ArrayList<>(
                detect(SyntheticBoards.views(new SyntheticCamera(truth), PATTERN, 10, 0.45, 30, 0.22)));
        // Corrupt one view as a mis-detection would: shift every other corner by 4 px.
        double[] bad = views.get(3).corners().clone();
        for (int i = 0; i < bad.length; i += 4) {
            bad[i] += 4;
        }
        views.set(3, new IntrinsicCalibrator.View("smeared.jpg", bad));

        IntrinsicCalibrator.Result result = new IntrinsicCalibrator(PATTERN, false).calibrate("front", 640, 480, views);

        assertThat(result.rejected()).extracting(IntrinsicCalibrator.RejectedView::name).containsExactly("smeared.jpg");
        assertThat(result.rejected().get(0).reason()).contains("reprojection error").contains("limit");
        assertThat(result.views()).hasSize(views.size() - 1);
        assertThat(result.rmsPx()).isLessThan(0.3);
        assertRecovered(result.model().intrinsics(), truth.intrinsics());
    }

    @Test
    void fewerThanFiveViewsIsAClearError() {
        CameraModel truth = new CameraModel("truth", new CameraIntrinsics(640, 480, 520, 515, 322.5, 236.0),
                Distortion.NONE);
        List<IntrinsicCalibrator.View> views =
                detect(SyntheticBoards.views(new SyntheticCamera(truth), PATTERN, 4, 0.45, 30, 0.22));
        assertThatThrownBy(() -> new IntrinsicCalibrator(PATTERN, false).calibrate("front", 640, 480, views))
                .isInstanceOf(CalibrationException.class)
                .hasMessageContaining("only 4 usable chessboard views (need at least 5)");
    }

    @Test
    void renderedCornersAreFoundWhereTheCameraProjectsThem() {
        // The detector on its own: corners within 0.15 px of where the true camera puts them.
        CameraModel truth = new CameraModel("truth", new CameraIntrinsics(640, 480, 520, 515, 322.5, 236.0),
                new Distortion.BrownConrady(-0.28, 0.09, 0.0012, -0.0008, -0.01));
        SyntheticCamera camera = new SyntheticCamera(truth);
        double[] r = SyntheticCamera.rotation(20, -15, 5);
        double[] t = {-0.1, -0.06, 0.5};
        Mat image = camera.renderPlane(r, t, SyntheticBoards.texture(PATTERN), 90, 1.5, 7);
        double[] found;
        try {
            found = new ChessboardDetector(PATTERN).find(image);
        } finally {
            image.release();
        }
        assertThat(found).isNotNull();
        double worst = 0;
        double[] px = new double[3];
        for (int j = 0; j < PATTERN.rows(); j++) {
            for (int i = 0; i < PATTERN.columns(); i++) {
                double bx = i * PATTERN.square(), by = j * PATTERN.square();
                double x = r[0] * bx + r[1] * by + t[0], y = r[3] * bx + r[4] * by + t[1], z = r[6] * bx + r[7] * by + t[2];
                truth.projectCameraPoint(x, y, z, px);
                int k = 2 * (j * PATTERN.columns() + i);
                worst = Math.max(worst, Math.hypot(found[k] - px[0], found[k + 1] - px[1]));
            }
        }
        assertThat(worst).isLessThan(0.15);
    }
}
