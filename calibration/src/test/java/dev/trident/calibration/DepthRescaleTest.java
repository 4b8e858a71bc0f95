package dev.trident.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DepthRescaleTest {
    /**
     * A depth "model" whose output is known: it judges depth from the apparent pixel height of a
     * 1.5 m tall object, as a network trained at {@code contractFocal} (input pixels) would.
     */
    static double modelDepth(double apparentHeightPx, double contractFocal) {
        return contractFocal * 1.5 / apparentHeightPx;
    }

    @Test
    void rescaledDepthIsTheTrueDepthOnAnotherCamera() {
        double contractFocal = 480; // focal length, at the 640x384 model input, the model was trained with
        // Deployed: a 1920x1080 camera with a longer lens, resized (stretched) to the 640x384 input.
        CameraIntrinsics deployed = new CameraIntrinsics(1920, 1080, 2100, 2100, 959.5, 539.5);
        double sx = 640.0 / 1920, sy = 384.0 / 1080;
        double effective = DepthRescale.effectiveFocalPx(deployed, sx, sy);
        for (double trueDepth : new double[] {4, 11, 27, 60}) {
            // what the model sees: the object's height in input pixels (vertical axis)
            double fyInput = deployed.fy() * sy;
            double apparent = fyInput * 1.5 / trueDepth;
            double predicted = modelDepth(apparent, contractFocal);
            double rescaled = predicted * DepthRescale.factor(effective, contractFocal);
            // the stretch makes fx·sx ≠ fy·sy; the geometric mean is within the axis mismatch
            assertThat(rescaled).isCloseTo(trueDepth, within(trueDepth * Math.abs(Math.sqrt(sx / sy) - 1) + 1e-9));
            assertThat(predicted).isNotCloseTo(trueDepth, within(0.1 * trueDepth));
        }
    }

    @Test
    void uniformResizeRescalesExactly() {
        double contractFocal = 500;
        CameraIntrinsics deployed = new CameraIntrinsics(1280, 720, 1000, 1000, 639.5, 359.5);
        double s = 0.5; // letterbox to 640 wide
        double effective = DepthRescale.effectiveFocalPx(deployed, s, s);
        assertThat(effective).isEqualTo(500.0 * 1.0);
        double apparent = effective * 1.5 / 20.0;
        assertThat(modelDepth(apparent, 400) * DepthRescale.factor(effective, 400)).isCloseTo(20.0, within(1e-12));
    }

    @Test
    void badFocalLengthsAreClearErrors() {
        assertThatThrownBy(() -> DepthRescale.factor(0, 500)).hasMessageContaining("deployed focal length");
        assertThatThrownBy(() -> DepthRescale.factor(500, Double.NaN)).hasMessageContaining("camera.focalLengthPx");
    }
}
