package dev.trident.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CameraModelTest {

    @Test
    void scalingIsExactForDistortedPixels() {
        // A camera-frame point seen at 1920x1080 and at 1280x720 must land on the same place of the
        // picture: u' = (u + 0.5)·s − 0.5 for the resize, including the distortion.
        CameraModel full = new CameraModel("c", new CameraIntrinsics(1920, 1080, 1400, 1390, 961.3, 538.7),
                new Distortion.BrownConrady(-0.3, 0.1, 0.001, -0.002, -0.02));
        CameraModel small = full.scaledTo(1280, 720);
        double s = 1280.0 / 1920.0;
        double[] a = new double[3];
        double[] b = new double[3];
        for (int i = 0; i < 50; i++) {
            double x = Math.sin(i) * 3, y = Math.cos(i * 1.7) * 1.5, z = 4 + i;
            assertThat(full.projectCameraPoint(x, y, z, a)).isTrue();
            assertThat(small.projectCameraPoint(x, y, z, b)).isTrue();
            assertThat(b[0]).isCloseTo((a[0] + 0.5) * s - 0.5, within(1e-9));
            assertThat(b[1]).isCloseTo((a[1] + 0.5) * s - 0.5, within(1e-9));
        }
        assertThat(small.distortion()).isEqualTo(full.distortion());
    }

    @Test
    void matrixPoseRoundTripsThroughAngles() {
        CameraPose pose = new CameraPose(1.7, -0.25, 1.42, Math.toRadians(3.5), Math.toRadians(-1.2), Math.toRadians(4.0));
        CameraPose back = CameraPose.fromCameraToVehicle(pose.cameraToVehicle());
        assertThat(back.x()).isCloseTo(pose.x(), within(1e-12));
        assertThat(back.y()).isCloseTo(pose.y(), within(1e-12));
        assertThat(back.height()).isCloseTo(pose.height(), within(1e-12));
        assertThat(back.pitch()).isCloseTo(pose.pitch(), within(1e-12));
        assertThat(back.roll()).isCloseTo(pose.roll(), within(1e-12));
        assertThat(back.yaw()).isCloseTo(pose.yaw(), within(1e-12));
    }

    @Test
    void matrixThatIsNotARotationIsRejected() {
        double[] m = CameraPose.of(1.4, 0.02).cameraToVehicle();
        m[0] += 0.2;
        assertThatThrownBy(() -> CameraPose.fromCameraToVehicle(m)).hasMessageContaining("not a rotation");
    }

    @Test
    void modelWithoutPoseSaysHowToAddOne() {
        CameraModel m = new CameraModel("c", CameraIntrinsics.fromHorizontalFov(640, 480, 60), Distortion.NONE);
        assertThatThrownBy(m::pinhole).isInstanceOf(CalibrationException.class).hasMessageContaining("calibrate extrinsics");
    }

    @Test
    void principalPointOutsideTheImageIsRejected() {
        assertThatThrownBy(() -> new CameraModel("c", new CameraIntrinsics(640, 480, 500, 500, 900, 240), Distortion.NONE))
                .isInstanceOf(CalibrationException.class).hasMessageContaining("outside the 640x480 image");
    }
}
