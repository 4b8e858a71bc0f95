package dev.trident.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.CameraPose;
import dev.trident.calibration.Distortion;
import dev.trident.runtime.Frame;
import dev.trident.runtime.TestModels;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.contract.CameraSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.result.ObjectLocation;
import dev.trident.runtime.result.PerceptionResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * The engine with a calibrated camera: depth rescaled by the focal-length ratio, detections
 * placed in metres, distorting lenses undistorted. Model = the exact-output model of
 * {@link EngineTest} (a class-1 box at source x 34..50, y 16..24 on a 128×64 frame; depth 10 m).
 */
class CalibratedEngineTest {
    private static final DeviceConfig CPU = DeviceConfig.defaults().withWarmupRuns(0);

    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        OpenCvNatives.load();
    }

    private Path model(CameraSpec trainingCamera) throws Exception {
        ModelContract c = EngineTest.exactContract();
        ModelContract withCamera = new ModelContract(1, c.name(), c.input(), c.heads(), null, trainingCamera);
        return TestModels.write(dir, "exact.onnx", TestModels.constantOutputs(64, 64, withCamera, EngineTest.exactOutputs(10f)));
    }

    /** A 256×128 calibration (twice the frame size): scaled exactly to the 128×64 frames. */
    private static CameraModel camera(Distortion distortion, CameraPose pose) {
        CameraIntrinsics k = new CameraIntrinsics(256, 128, 200, 200, 127.5, 20.5); // → fx 100, cy 10 at 128×64
        return new CameraModel("test", k, distortion, pose);
    }

    @Test
    void metricDepthIsRescaledByTheFocalLengthRatio() throws Exception {
        // the frame's focal 100 px × model scale 0.5 = 50 px effective; trained with 40 px → × 1.25
        Mat frame = new Mat(64, 128, CvType.CV_8UC3, new Scalar(50, 60, 70));
        try (Engine engine = Engine.open(model(new CameraSpec(40, null, null)), CPU, camera(Distortion.NONE, null))) {
            PerceptionResult r = engine.process(Frame.of(frame, 0));
            assertThat(engine.depthScale()).isCloseTo(1.25, within(1e-9));
            assertThat(r.depth("depth").orElseThrow().depthAtSource(64, 32)).isCloseTo(12.5f, within(1e-5f));
            assertThat(r.locations("det")).isEmpty(); // no extrinsics: nothing to place
        } finally {
            frame.release();
        }
    }

    @Test
    void detectionsGetDistancesInMetres() throws Exception {
        Mat frame = new Mat(64, 128, CvType.CV_8UC3, new Scalar(50, 60, 70));
        CameraPose pose = CameraPose.of(1.5, 0.0); // level, 1.5 m above the road
        try (Engine engine = Engine.open(model(null), CPU, camera(Distortion.NONE, pose))) {
            // ground only (depth head off): bottom edge y2 = 24 → pixel-centre row 23.5, cy 10, f 100:
            // depth = 1.5 / (13.5/100) = 11.111 m; lateral: centre x 42 → 41.5, cx 63.5 → X = −0.22·depth
            engine.schedule().setEnabled("depth", false);
            PerceptionResult r = engine.process(Frame.of(frame, 0));
            ObjectLocation ground = r.locations("det").get(0);
            double depth = 1.5 / 0.135;
            double left = 0.22 * depth;
            assertThat(ground.source()).isEqualTo("ground");
            assertThat((double) ground.x()).isCloseTo(depth, within(1e-3));
            assertThat((double) ground.y()).isCloseTo(left, within(1e-3));
            assertThat((double) ground.z()).isCloseTo(0, within(1e-6));
            assertThat((double) ground.distance()).isCloseTo(Math.hypot(depth, left), within(1e-3));

            // with the depth head (10 m) the two estimates are fused: between them
            engine.schedule().setEnabled("depth", true);
            r = engine.process(Frame.of(frame, 1));
            ObjectLocation fused = r.locations("det").get(0);
            assertThat(fused.source()).isEqualTo("fused");
            assertThat(fused.x()).isBetween(10f, (float) depth);
        } finally {
            frame.release();
        }
    }

    @Test
    void distortingLensFramesAreUndistortedBeforeTheModel() throws Exception {
        Mat frame = new Mat(64, 128, CvType.CV_8UC3, new Scalar(50, 60, 70));
        Distortion barrel = new Distortion.BrownConrady(-0.3, 0.1, 0, 0, 0);
        try (Engine engine = Engine.open(model(null), CPU, camera(barrel, CameraPose.of(1.5, 0.0)))) {
            engine.process(Frame.of(frame, 0));
            assertThat(engine.lastModelFrame()).isNotSameAs(frame);
            assertThat(engine.lastModelFrame().size()).isEqualTo(frame.size());
        } finally {
            frame.release();
        }
        try (Engine engine = Engine.open(model(null), CPU, camera(Distortion.NONE, null))) {
            Mat wrongAspect = new Mat(100, 100, CvType.CV_8UC3);
            assertThatThrownBy(() -> engine.process(Frame.of(wrongAspect, 0))).isInstanceOf(TridentException.class)
                    .hasMessageContaining("aspect ratio");
            wrongAspect.release();
        }
    }
}
