package dev.trident.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.MatOfPoint3f;
import org.opencv.core.Point3;

class DistortionTest {
    static final CameraIntrinsics K = new CameraIntrinsics(1280, 720, 900, 890, 641.5, 358.25);
    static final Distortion.BrownConrady BC = new Distortion.BrownConrady(-0.31, 0.12, 0.0015, -0.0009, -0.02);
    static final Distortion.Fisheye FISH = new Distortion.Fisheye(0.05, -0.012, 0.003, -0.0007);

    @BeforeAll
    static void natives() {
        OpenCvNatives.load();
    }

    static Point3[] points() {
        Point3[] p = new Point3[40];
        for (int i = 0; i < p.length; i++) {
            p[i] = new Point3(Math.sin(i * 1.3) * 0.6, Math.cos(i * 0.7) * 0.4, 1.0 + (i % 5) * 0.3);
        }
        return p;
    }

    @Test
    void brownConradyMatchesOpenCvProjectPoints() {
        Point3[] p = points();
        MatOfPoint3f obj = new MatOfPoint3f(p);
        Mat zero = Mat.zeros(3, 1, org.opencv.core.CvType.CV_64F);
        Mat k = Undistorter.cameraMatrix(K);
        MatOfDouble d = new MatOfDouble(BC.coefficients());
        MatOfPoint2f out = new MatOfPoint2f();
        try {
            Calib3d.projectPoints(obj, zero, zero, k, d, out);
            float[] cv = new float[p.length * 2];
            out.get(0, 0, cv);
            CameraModel model = new CameraModel("c", K, BC);
            double[] px = new double[3];
            for (int i = 0; i < p.length; i++) {
                assertThat(model.projectCameraPoint(p[i].x, p[i].y, p[i].z, px)).isTrue();
                assertThat(px[0]).isCloseTo(cv[2 * i], within(1e-3));
                assertThat(px[1]).isCloseTo(cv[2 * i + 1], within(1e-3));
            }
        } finally {
            obj.release();
            zero.release();
            k.release();
            d.release();
            out.release();
        }
    }

    @Test
    void fisheyeMatchesOpenCvFisheyeProjectPoints() {
        Point3[] p = points();
        MatOfPoint3f obj = new MatOfPoint3f(p);
        Mat zero = Mat.zeros(3, 1, org.opencv.core.CvType.CV_64F);
        Mat k = Undistorter.cameraMatrix(K);
        Mat d = Undistorter.coefficients(FISH);
        Mat out = new Mat();
        try {
            Calib3d.fisheye_projectPoints(obj, out, zero, zero, k, d);
            float[] cv = new float[p.length * 2];
            out.get(0, 0, cv);
            CameraModel model = new CameraModel("c", K, FISH);
            double[] px = new double[3];
            for (int i = 0; i < p.length; i++) {
                assertThat(model.projectCameraPoint(p[i].x, p[i].y, p[i].z, px)).isTrue();
                assertThat(px[0]).isCloseTo(cv[2 * i], within(1e-3));
                assertThat(px[1]).isCloseTo(cv[2 * i + 1], within(1e-3));
            }
        } finally {
            obj.release();
            zero.release();
            k.release();
            d.release();
            out.release();
        }
    }

    @Test
    void undistortInvertsDistortOverTheWholeImage() {
        for (Distortion d : new Distortion[] {BC, FISH, Distortion.NONE}) {
            CameraModel model = new CameraModel("c", K, d);
            double[] a = new double[2];
            double[] b = new double[2];
            for (int v = 0; v < 720; v += 37) {
                for (int u = 0; u < 1280; u += 41) {
                    assertThat(model.undistortPixel(u, v, a)).as("%s at %d,%d", d, u, v).isTrue();
                    model.distortPixel(a[0], a[1], b);
                    assertThat(b[0]).isCloseTo(u, within(1e-6));
                    assertThat(b[1]).isCloseTo(v, within(1e-6));
                }
            }
        }
    }

    @Test
    void rosNamesAndCoefficientCountsAreChecked() {
        assertThat(Distortion.fromRos("plumb_bob", new double[5])).isSameAs(Distortion.NONE);
        assertThat(Distortion.fromRos("plumb_bob", BC.coefficients())).isEqualTo(BC);
        assertThat(Distortion.fromRos("equidistant", FISH.coefficients())).isEqualTo(FISH);
        assertThatThrownBy(() -> Distortion.fromRos("equidistant", new double[5]))
                .isInstanceOf(CalibrationException.class).hasMessageContaining("equidistant needs 4 coefficients");
        assertThatThrownBy(() -> Distortion.fromRos("plumb_bob", new double[3]))
                .isInstanceOf(CalibrationException.class).hasMessageContaining("plumb_bob needs 5 coefficients");
        assertThatThrownBy(() -> Distortion.fromRos("rational_polynomial", new double[8]))
                .isInstanceOf(CalibrationException.class).hasMessageContaining("not supported");
        assertThatThrownBy(() -> Distortion.fromRos("plumb_bob", new double[] {Double.NaN, 0, 0, 0, 0}))
                .isInstanceOf(CalibrationException.class).hasMessageContaining("finite");
    }
}
