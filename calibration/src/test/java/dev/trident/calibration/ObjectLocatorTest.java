package dev.trident.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ObjectLocatorTest {
    static final CameraPose POSE = new CameraPose(1.6, 0.1, 1.45, Math.toRadians(1.5), Math.toRadians(0.4), Math.toRadians(-0.8));
    static final CameraModel UNDISTORTED = new CameraModel("front", CameraIntrinsics.fromHorizontalFov(1280, 720, 60),
            Distortion.NONE, POSE);
    static final CameraModel DISTORTED = new CameraModel("front", new CameraIntrinsics(1280, 720, 1105, 1100, 643.2, 357.9),
            new Distortion.BrownConrady(-0.33, 0.13, 0.0011, -0.0006, -0.025), POSE);

    /** A box (continuous pixels) whose bottom-centre is where {@code camera} sees ground point (x, y). */
    static double[] boxOver(CameraModel camera, double x, double y, boolean roundToPixels) {
        double[] p = new double[3];
        assertThat(camera.pinhole().project(x, y, 0, p)).isTrue();
        camera.distortPixel(p[0], p[1], p);
        double u = p[0] + 0.5, v = p[1] + 0.5; // pixel-centre → continuous convention
        if (roundToPixels) {
            u = Math.round(u);
            v = Math.round(v);
        }
        return new double[] {u - 20, v - 40, u + 20, v};
    }

    @Test
    void flatGroundDistanceMatchesTheWorldFrom5To50Metres() {
        ObjectLocator exact = new ObjectLocator(UNDISTORTED);
        ObjectLocator lens = new ObjectLocator(DISTORTED);
        for (double forward = 5; forward <= 50; forward += 2.5) {
            for (double left : new double[] {-4, -1.5, 0, 2.5}) {
                double x = forward + POSE.x(), truth = Math.hypot(x, left);
                double[] b = boxOver(UNDISTORTED, x, left, false);
                ObjectLocator.Location l = exact.locate(b[0], b[1], b[2], b[3], Double.NaN);
                assertThat(l.source()).isEqualTo(ObjectLocator.Source.GROUND);
                assertThat(l.distance()).as("undistorted at %s, %s", x, left).isCloseTo(truth, within(0.005 * truth));
                assertThat(l.x()).isCloseTo(x, within(0.005 * truth));
                assertThat(l.y()).isCloseTo(left, within(0.005 * truth));
                assertThat(l.z()).isZero();

                // through a real lens, with the box snapped to whole pixels as a detector reports it
                double[] q = boxOver(DISTORTED, x, left, true);
                ObjectLocator.Location d = lens.locate(q[0], q[1], q[2], q[3], Double.NaN);
                assertThat(d.distance()).as("distorted at %s, %s", x, left).isCloseTo(truth, within(0.02 * truth));
            }
        }
    }

    @Test
    void groundErrorModelGrowsWithDistance() {
        ObjectLocator locator = new ObjectLocator(UNDISTORTED);
        double previous = 0;
        for (double x = 10; x <= 60; x += 5) {
            double[] b = boxOver(UNDISTORTED, x, 0, false);
            double sigma = locator.locate(b[0], b[1], b[2], b[3], Double.NaN).sigma();
            assertThat(sigma).isGreaterThan(previous);
            previous = sigma;
        }
        assertThat(previous).isGreaterThan(0.2 * 60); // far away the flat-ground estimate is weak
    }

    @Test
    void fusionWeighsByInverseVariance() {
        ObjectLocator locator = new ObjectLocator(UNDISTORTED);
        // Near: ground geometry is precise, the fused depth stays close to it.
        double[] near = boxOver(UNDISTORTED, 7, 0, false);
        ObjectLocator.Location n = locator.locate(near[0], near[1], near[2], near[3], 5.8);
        assertThat(n.source()).isEqualTo(ObjectLocator.Source.FUSED);
        assertThat(Math.abs(n.depth() - n.groundDepth())).isLessThan(Math.abs(n.depth() - n.headDepth()));
        // Far: the depth head dominates.
        double[] far = boxOver(UNDISTORTED, 45, 0, false);
        ObjectLocator.Location f = locator.locate(far[0], far[1], far[2], far[3], 40);
        assertThat(f.source()).isEqualTo(ObjectLocator.Source.FUSED);
        assertThat(Math.abs(f.depth() - f.headDepth())).isLessThan(Math.abs(f.depth() - f.groundDepth()));
        // The fused sigma is below both inputs' sigmas.
        double sg = locator.locate(far[0], far[1], far[2], far[3], Double.NaN).sigma();
        assertThat(f.sigma()).isLessThan(Math.min(sg, 0.1 * 40));
        // Exactly the inverse-variance mean.
        double sh = 0.1 * 40;
        double expected = (f.groundDepth() / (sg * sg) + 40 / (sh * sh)) / (1 / (sg * sg) + 1 / (sh * sh));
        assertThat(f.depth()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void fallsBackToWhicheverEstimateIsValid() {
        ObjectLocator locator = new ObjectLocator(UNDISTORTED);
        // Box touching the bottom of the frame: contact point unseen, only the head counts.
        ObjectLocator.Location clipped = locator.locate(500, 600, 700, 720, 3.2);
        assertThat(clipped.source()).isEqualTo(ObjectLocator.Source.DEPTH_HEAD);
        assertThat(clipped.depth()).isEqualTo(3.2);
        assertThat(clipped.groundDepth()).isNaN();
        // Bottom edge above the horizon (e.g. a sign): only the head.
        ObjectLocator.Location sky = locator.locate(600, 50, 680, 120, 25);
        assertThat(sky.source()).isEqualTo(ObjectLocator.Source.DEPTH_HEAD);
        // Head output unusable: ground only.
        double[] b = boxOver(UNDISTORTED, 12, 1, false);
        assertThat(locator.locate(b[0], b[1], b[2], b[3], Double.NaN).source()).isEqualTo(ObjectLocator.Source.GROUND);
        assertThat(locator.locate(b[0], b[1], b[2], b[3], -1).source()).isEqualTo(ObjectLocator.Source.GROUND);
        // Neither: NONE with NaN numbers.
        ObjectLocator.Location none = locator.locate(600, 50, 680, 120, Double.NaN);
        assertThat(none.source()).isEqualTo(ObjectLocator.Source.NONE);
        assertThat(none.distance()).isNaN();
        // Wildly inconsistent estimates: the ground assumption is dropped.
        ObjectLocator.Location gated = locator.locate(b[0], b[1], b[2], b[3], 40);
        assertThat(gated.source()).isEqualTo(ObjectLocator.Source.DEPTH_HEAD);
        assertThat(gated.depth()).isEqualTo(40);
    }

    @Test
    void depthHeadPositionLiesOnTheBottomCentreRay() {
        ObjectLocator locator = new ObjectLocator(UNDISTORTED);
        double[] b = boxOver(UNDISTORTED, 20, -2, false);
        ObjectLocator.Location l = locator.locate(b[0], b[1], b[2], b[3], Double.NaN);
        // Feeding the true depth as the head value gives the same point, fused.
        ObjectLocator.Location f = locator.locate(b[0], b[1], b[2], b[3], l.depth());
        assertThat(f.source()).isEqualTo(ObjectLocator.Source.FUSED);
        assertThat(f.x()).isCloseTo(20, within(1e-6));
        assertThat(f.y()).isCloseTo(-2, within(1e-6));
        assertThat(f.z()).isCloseTo(0, within(1e-6));
    }
}
