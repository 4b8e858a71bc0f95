package dev.trident.calibration.io;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraModelYamlTest {
    static final String ROS = """
            image_width: 1280
            image_height: 720
            camera_name: narrow_stereo
            camera_matrix:
              rows: 3
              cols: 3
              data: [1005.5, 0, 641.25, 0, 1003.75, 357.5, 0, 0, 1]
            distortion_model: plumb_bob
            distortion_coefficients:
              rows: 1
              cols: 5
              data: [-0.31, 0.11, 0.0012, -0.0007, -0.018]
            rectification_matrix:
              rows: 3
              cols: 3
              data: [1, 0, 0, 0, 1, 0, 0, 0, 1]
            projection_matrix:
              rows: 3
              cols: 4
              data: [990.1, 0, 640.0, 0, 0, 992.3, 356.0, 0, 0, 0, 1, 0]
            """;

    @Test
    void readsAPlainRosCameraInfoFile() {
        CameraModel m = CameraModelYaml.parse(ROS, "ros.yaml");
        assertThat(m.name()).isEqualTo("narrow_stereo");
        assertThat(m.intrinsics()).isEqualTo(new CameraIntrinsics(1280, 720, 1005.5, 1003.75, 641.25, 357.5));
        assertThat(m.distortion()).isEqualTo(new Distortion.BrownConrady(-0.31, 0.11, 0.0012, -0.0007, -0.018));
        assertThat(m.hasPose()).isFalse();
    }

    @Test
    void roundTripsEveryModelExactly(@TempDir Path dir) throws Exception {
        CameraPose pose = new CameraPose(1.85, -0.12, 1.43, Math.toRadians(2.7), Math.toRadians(-0.4), Math.toRadians(1.1));
        CameraModel[] models = {
            new CameraModel("front", new CameraIntrinsics(1920, 1080, 1401.123456789, 1399.5, 960.25, 540.125),
                    new Distortion.BrownConrady(-0.3123456789, 0.1, 1.5e-4, -2.5e-5, 3e-10), pose),
            new CameraModel("rear/fish", new CameraIntrinsics(1280, 800, 400.5, 401.25, 640.5, 399.5),
                    new Distortion.Fisheye(0.051, -0.012, 0.003, -7e-4), null),
            new CameraModel("ideal", CameraIntrinsics.fromHorizontalFov(640, 480, 70), Distortion.NONE, CameraPose.of(1.2, 0.01)),
        };
        for (CameraModel m : models) {
            Path file = dir.resolve(m.name().replace('/', '_') + ".yaml");
            CameraModelYaml.write(m, file);
            CameraModel back = CameraModelYaml.read(file);
            assertThat(back.name()).isEqualTo(m.name());
            assertThat(back.intrinsics()).isEqualTo(m.intrinsics());
            assertThat(back.distortion()).isEqualTo(m.distortion());
            if (m.pose() == null) {
                assertThat(back.pose()).isNull();
            } else {
                assertThat(back.pose().x()).isEqualTo(m.pose().x());
                assertThat(back.pose().height()).isEqualTo(m.pose().height());
                assertThat(back.pose().pitch()).isCloseTo(m.pose().pitch(), within(1e-15));
                assertThat(back.pose().roll()).isCloseTo(m.pose().roll(), within(1e-15));
                assertThat(back.pose().yaw()).isCloseTo(m.pose().yaw(), within(1e-15));
            }
            // and the written file is a readable ROS camera_info
            String text = Files.readString(file);
            assertThat(text).contains("distortion_model: " + m.distortion().rosModel())
                    .contains("rectification_matrix:").contains("projection_matrix:");
        }
    }

    @Test
    void numbersAreWrittenSoYaml11ParsersReadFloats() {
        assertThat(CameraModelYaml.number(1e10)).isEqualTo("1.0E+10");
        assertThat(CameraModelYaml.number(3e-10)).isEqualTo("3.0E-10");
        assertThat(CameraModelYaml.number(-0.0)).isEqualTo("0.0");
    }

    @Test
    void readsExtrinsicsAsAFullMatrix() {
        CameraPose pose = new CameraPose(1.5, 0.2, 1.3, Math.toRadians(4), Math.toRadians(1), Math.toRadians(-2));
        StringBuilder data = new StringBuilder();
        for (double v : pose.cameraToVehicle()) {
            data.append(data.length() == 0 ? "" : ", ").append(v);
        }
        String yaml = ROS + "extrinsics:\n  matrix:\n    rows: 4\n    cols: 4\n    data: [" + data + "]\n";
        CameraPose back = CameraModelYaml.parse(yaml, "m.yaml").pose();
        assertThat(back.height()).isCloseTo(1.3, within(1e-12));
        assertThat(back.pitch()).isCloseTo(pose.pitch(), within(1e-12));
        assertThat(back.roll()).isCloseTo(pose.roll(), within(1e-12));
        assertThat(back.yaw()).isCloseTo(pose.yaw(), within(1e-12));
    }

    @Test
    void readsExtrinsicsInDegrees() {
        CameraPose p = CameraModelYaml.parse(ROS + "extrinsics:\n  height: 1.4\n  pitch: 3\n", "m.yaml").pose();
        assertThat(p.height()).isEqualTo(1.4);
        assertThat(p.pitch()).isCloseTo(Math.toRadians(3), within(1e-15));
        assertThat(p.roll()).isZero();
    }

    @Test
    void malformedFilesGiveOneLineErrorsThatNameTheProblem() {
        expectError("image_width: [1280\n", "not valid YAML");
        expectError("- a\n- b\n", "must be a YAML mapping");
        expectError(ROS.replace("image_width: 1280\n", ""), "missing 'image_width'");
        expectError(ROS.replace("image_width: 1280", "image_width: -5"), "'image_width' must be a positive whole number");
        expectError(ROS.replace("[1005.5, 0, 641.25, 0, 1003.75, 357.5, 0, 0, 1]", "[1005.5, 0, 641.25, 0, 1003.75, 357.5]"),
                "camera_matrix must be {rows: 3, cols: 3, data: [9 numbers]}, got 6 numbers");
        expectError(ROS.replace("[1005.5, 0, 641.25", "[1005.5, 2, 641.25"), "no skew");
        expectError(ROS.replace("[1005.5, 0, 641.25", "[oops, 0, 641.25"), "camera_matrix.data[0] must be a finite number");
        expectError(ROS.replace("plumb_bob", "rational_polynomial"), "'rational_polynomial' is not supported");
        expectError(ROS.replace("cols: 5\n  data: [-0.31, 0.11, 0.0012, -0.0007, -0.018]",
                "cols: 3\n  data: [-0.31, 0.11, 0.0012]"), "plumb_bob needs 5 coefficients");
        expectError(ROS.replace("data: [1, 0, 0, 0, 1, 0, 0, 0, 1]", "data: [0, 1, 0, 1, 0, 0, 0, 0, 1]"),
                "rectification_matrix must be the identity");
        expectError(ROS + "extrnsics:\n  height: 1.4\n", "unknown key 'extrnsics'");
        expectError(ROS + "extrinsics:\n  pitch: 3\n", "extrinsics needs 'height'");
        expectError(ROS + "extrinsics:\n  height: -1\n", "height above the ground must be positive");
        expectError(ROS + "extrinsics:\n  height: 1\n  matrix: {rows: 4, cols: 4, data: []}\n", "either the 4x4 matrix");
        expectError(ROS.replace("641.25", "6410.25"), "outside the 1280x720 image");
    }

    @Test
    void missingFileSaysWhatToPass(@TempDir Path dir) {
        assertThatThrownBy(() -> CameraModelYaml.read(dir.resolve("nope.yaml")))
                .isInstanceOf(CalibrationException.class).hasMessageContaining("does not exist");
    }

    private static void expectError(String yaml, String fragment) {
        assertThatThrownBy(() -> CameraModelYaml.parse(yaml, "cam.yaml"))
                .isInstanceOf(CalibrationException.class)
                .hasMessageContaining("cam.yaml")
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
