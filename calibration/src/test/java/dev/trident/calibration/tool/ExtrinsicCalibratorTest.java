package dev.trident.calibration.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trident.calibration.CalibrationException;
import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.CameraPose;
import dev.trident.calibration.Distortion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtrinsicCalibratorTest {
    static final CameraPose TRUTH = new CameraPose(1.9, -0.15, 1.38, Math.toRadians(2.4), Math.toRadians(-0.7), Math.toRadians(1.3));
    static final CameraModel CAMERA = new CameraModel("front", new CameraIntrinsics(1280, 720, 1105, 1100, 643.2, 357.9),
            new Distortion.BrownConrady(-0.33, 0.13, 0.0011, -0.0006, -0.025));

    /** Marks on the floor as the true camera sees them, with {@code noisePx} of clicking error. */
    static List<ExtrinsicCalibrator.PointPair> marks(double[][] ground, double noisePx) {
        CameraModel truth = CAMERA.withPose(TRUTH);
        Random random = new Random(3);
        List<ExtrinsicCalibrator.PointPair> out = new ArrayList<>();
        double[] p = new double[3];
        for (double[] g : ground) {
            assertThat(truth.pinhole().project(g[0], g[1], 0, p)).isTrue();
            truth.distortPixel(p[0], p[1], p);
            out.add(new ExtrinsicCalibrator.PointPair(p[0] + noisePx * random.nextGaussian(),
                    p[1] + noisePx * random.nextGaussian(), g[0], g[1], 0));
        }
        return out;
    }

    @Test
    void recoversThePoseFromFourFloorMarks() {
        double[][] ground = {{6, -2}, {6, 2}, {15, -3}, {15, 3}};
        ExtrinsicCalibrator.Result r = ExtrinsicCalibrator.fromPoints(CAMERA, marks(ground, 0));
        assertPose(r.pose(), 1e-3, 0.01);
        assertThat(r.rmsPx()).isLessThan(1e-3);
        assertThat(r.rmsGroundM()).isLessThan(1e-3);
    }

    @Test
    void noisyClicksGiveAReportedResidual() {
        List<double[]> g = new ArrayList<>();
        for (double x = 5; x <= 25; x += 5) {
            for (double y = -4; y <= 4; y += 2) {
                g.add(new double[] {x, y});
            }
        }
        ExtrinsicCalibrator.Result r = ExtrinsicCalibrator.fromPoints(CAMERA, marks(g.toArray(new double[0][]), 0.5));
        assertPose(r.pose(), 0.02, 0.15);
        assertThat(r.rmsPx()).isBetween(0.2, 1.0);
        assertThat(r.maxPx()).isGreaterThanOrEqualTo(r.rmsPx());
        assertThat(r.rmsGroundM()).isBetween(0.001, 0.5);
    }

    static void assertPose(CameraPose p, double heightTol, double angleTolDeg) {
        assertThat(p.height()).isCloseTo(TRUTH.height(), within(heightTol));
        assertThat(p.x()).isCloseTo(TRUTH.x(), within(heightTol * 20));
        assertThat(p.y()).isCloseTo(TRUTH.y(), within(heightTol * 20));
        assertThat(Math.toDegrees(p.pitch())).isCloseTo(Math.toDegrees(TRUTH.pitch()), within(angleTolDeg));
        assertThat(Math.toDegrees(p.roll())).isCloseTo(Math.toDegrees(TRUTH.roll()), within(angleTolDeg));
        assertThat(Math.toDegrees(p.yaw())).isCloseTo(Math.toDegrees(TRUTH.yaw()), within(angleTolDeg));
    }

    @Test
    void tooFewOrCollinearPointsAreClearErrors() {
        assertThatThrownBy(() -> ExtrinsicCalibrator.fromPoints(CAMERA, marks(new double[][] {{6, -2}, {6, 2}, {15, 0}}, 0)))
                .isInstanceOf(CalibrationException.class).hasMessageContaining("at least 4");
        assertThatThrownBy(() -> ExtrinsicCalibrator.fromPoints(CAMERA,
                marks(new double[][] {{6, 0}, {9, 0}, {12, 0}, {15, 0}, {20, 0}}, 0)))
                .isInstanceOf(CalibrationException.class).hasMessageContaining("on one line");
    }

    @Test
    void readsCsvWithHeaderAndComments(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pts.csv");
        Files.writeString(csv, "u,v,x,y\n# floor marks\n100.5, 600, 6, 2\n\n1180,610,6,-2,0\n");
        List<ExtrinsicCalibrator.PointPair> p = ExtrinsicCalibrator.readCsv(csv);
        assertThat(p).containsExactly(new ExtrinsicCalibrator.PointPair(100.5, 600, 6, 2, 0),
                new ExtrinsicCalibrator.PointPair(1180, 610, 6, -2, 0));
        Files.writeString(csv, "100,600,6\n");
        assertThatThrownBy(() -> ExtrinsicCalibrator.readCsv(csv)).hasMessageContaining("line 1: expected u,v,x,y");
        Files.writeString(csv, "100,600,6,abc\n");
        assertThatThrownBy(() -> ExtrinsicCalibrator.readCsv(csv)).hasMessageContaining("'abc' is not a number");
    }
}
