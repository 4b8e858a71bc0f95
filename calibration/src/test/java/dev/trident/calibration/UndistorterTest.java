package dev.trident.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class UndistorterTest {
    static final double PLANE_Z = 2.0;
    static final double[] LINES_X = {-0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75};

    @BeforeAll
    static void natives() {
        OpenCvNatives.load();
    }

    static CameraModel camera(boolean fisheye) {
        return fisheye
                ? new CameraModel("fish", new CameraIntrinsics(640, 480, 250, 249, 321.5, 238.0),
                        new Distortion.Fisheye(0.06, -0.02, 0.004, -0.001))
                : new CameraModel("lens", new CameraIntrinsics(640, 480, 520, 515, 322.5, 236.0),
                        new Distortion.BrownConrady(-0.32, 0.12, 0.001, -0.0008, -0.02));
    }

    /** Vertical dark lines 2 cm wide at LINES_X on a white wall PLANE_Z metres ahead. */
    static Mat renderLines(CameraModel model) {
        double[] facing = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        SyntheticCamera.Texture lines = (px, py) -> {
            for (double x : LINES_X) {
                if (Math.abs(px - x) < 0.01) {
                    return 20;
                }
            }
            return 230;
        };
        return new SyntheticCamera(model).renderPlane(facing, new double[] {0, 0, PLANE_Z}, lines, 230, 0, 1);
    }

    /** Darkness-weighted mean column in [centre − 12, centre + 12] of row {@code v}. */
    static double lineColumn(Mat image, int v, double centre) {
        byte[] row = new byte[image.cols()];
        image.get(v, 0, row);
        double sum = 0, weight = 0;
        for (int u = (int) Math.round(centre) - 12; u <= (int) Math.round(centre) + 12; u++) {
            double w = 230 - (row[u] & 0xff);
            if (w > 0) {
                sum += w * u;
                weight += w;
            }
        }
        return weight == 0 ? Double.NaN : sum / weight;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void straightLinesComeOutStraight(boolean fisheye) {
        CameraModel model = camera(fisheye);
        CameraIntrinsics k = model.intrinsics();
        Mat distorted = renderLines(model);
        Mat undistorted = new Mat();
        try (Undistorter undistorter = new Undistorter(model)) {
            undistorter.undistort(distorted, undistorted);
            assertThat(undistorted.size()).isEqualTo(distorted.size());
            double worstStraight = 0;
            double worstBentBefore = 0;
            int rowSpan = fisheye ? 100 : 180;
            for (double x : LINES_X) {
                double ideal = k.fx() * x / PLANE_Z + k.cx();
                for (int v = (int) k.cy() - rowSpan; v <= (int) k.cy() + rowSpan; v += 15) {
                    worstStraight = Math.max(worstStraight, Math.abs(lineColumn(undistorted, v, ideal) - ideal));
                    // in the raw frame the line bows away from its ideal column off-centre
                    double[] d = new double[2];
                    model.distortPixel(ideal, v, d);
                    worstBentBefore = Math.max(worstBentBefore, Math.abs(lineColumn(distorted, v, d[0]) - ideal));
                }
            }
            assertThat(worstStraight).isLessThan(0.35);
            assertThat(worstBentBefore).isGreaterThan(3.0);
        } finally {
            distorted.release();
            undistorted.release();
        }
    }

    @Test
    void reusesTheDestinationAndRejectsAnotherFrameSize() {
        CameraModel model = camera(false);
        Mat src = Mat.zeros(480, 640, CvType.CV_8UC3);
        Mat dst = new Mat();
        Mat small = Mat.zeros(240, 320, CvType.CV_8UC3);
        try (Undistorter undistorter = new Undistorter(model)) {
            undistorter.undistort(src, dst);
            long data = dst.dataAddr();
            undistorter.undistort(src, dst);
            assertThat(dst.dataAddr()).as("no new frame buffer per call").isEqualTo(data);
            assertThatThrownBy(() -> undistorter.undistort(small, dst))
                    .isInstanceOf(CalibrationException.class)
                    .hasMessageContaining("frame is 320x240 but camera 'lens' is calibrated for 640x480")
                    .hasMessageContaining("scaledTo(320, 240)");
        } finally {
            src.release();
            dst.release();
            small.release();
        }
    }
}
