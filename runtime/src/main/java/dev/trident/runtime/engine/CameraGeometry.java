package dev.trident.runtime.engine;

import dev.trident.calibration.CameraModel;
import dev.trident.calibration.DepthRescale;
import dev.trident.calibration.ObjectLocator;
import dev.trident.calibration.Undistorter;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.DepthMap;
import dev.trident.runtime.result.Detection;
import dev.trident.runtime.result.ObjectLocation;
import java.util.List;
import org.opencv.core.Mat;

/**
 * What the deployed camera's calibration adds to the engine, for one frame size at a time:
 * undistortion (maps built once per frame size, {@code remap} per frame), metric depth rescaled by
 * the ratio of the camera's effective focal length at the model input to the training camera's
 * (from the contract), and each detection's distance and vehicle-frame position (flat-ground
 * geometry fused with the depth head, see {@link ObjectLocator}).
 *
 * <p>The calibration may be for another resolution than the frames: it is scaled exactly to the
 * frame size. Not thread-safe: the engine's inference thread only.
 */
final class CameraGeometry implements AutoCloseable {
    /** Fraction of a box, from its bottom, whose depth cells give the depth head's estimate. */
    static final double BOX_LOWER_FRACTION = 0.3;

    private final CameraModel calibrated;
    private final ModelContract contract;
    private final Mat undistorted = new Mat();
    private int width = -1;
    private int height = -1;
    private Undistorter undistorter;
    private ObjectLocator locator;
    private CameraModel frameCamera;
    private double depthScale = 1.0;
    private InputTransform lastTransform;

    CameraGeometry(CameraModel calibrated, ModelContract contract) {
        this.calibrated = calibrated;
        this.contract = contract;
    }

    /** The frame the model should see: undistorted when the lens distorts, else the frame itself. */
    Mat prepare(Mat frame) {
        if (frame.cols() != width || frame.rows() != height) {
            resize(frame.cols(), frame.rows());
        }
        if (undistorter == null) {
            return frame;
        }
        undistorter.undistort(frame, undistorted);
        return undistorted;
    }

    private void resize(int w, int h) {
        if (w <= 0 || h <= 0) {
            return; // the preprocessor reports the empty frame
        }
        double aspectCal = (double) calibrated.intrinsics().width() / calibrated.intrinsics().height();
        if (Math.abs(aspectCal - (double) w / h) > 0.02) {
            throw new TridentException("frame is " + w + "x" + h + " but the camera calibration '" + calibrated.name() + "' is for "
                    + calibrated.intrinsics().width() + "x" + calibrated.intrinsics().height()
                    + " (another aspect ratio); calibrate this camera mode or crop frames to match");
        }
        closeUndistorter();
        CameraModel scaled = calibrated.scaledTo(w, h);
        if (scaled.distortion().isIdentity()) {
            frameCamera = scaled;
        } else {
            undistorter = new Undistorter(scaled);
            frameCamera = scaled.undistorted(undistorter.outputIntrinsics());
        }
        locator = frameCamera.hasPose() ? new ObjectLocator(frameCamera) : null;
        width = w;
        height = h;
        lastTransform = null;
    }

    /** Rescales a freshly decoded depth map (camera focal length vs the training camera's). */
    void rescale(DepthMap depth, InputTransform t) {
        if (contract.camera() == null) {
            return;
        }
        if (t != lastTransform) {
            var k = frameCamera.intrinsics();
            depthScale = DepthRescale.factor(DepthRescale.effectiveFocalPx(k, t.scaleX(), t.scaleY()),
                    contract.camera().focalLengthPx());
            lastTransform = t;
        }
        if (depthScale != 1.0) {
            depth.scale(depthScale);
        }
    }

    /** The current depth rescale factor (1 until a frame and a contract camera define it). */
    double depthScale() {
        return depthScale;
    }

    /** Whether detections can be placed (the calibration has extrinsics). */
    boolean locates() {
        return locator != null;
    }

    /** Fills {@code out} with one location per detection; {@code depth} may be null (no depth this frame). */
    void locate(List<Detection> detections, DepthMap depth, List<ObjectLocation> out) {
        out.clear();
        for (Detection d : detections) {
            double head = Double.NaN;
            if (depth != null) {
                head = depth.robustDepthInSourceBox(d.x1(), d.y1(), d.x2(), d.y2(), BOX_LOWER_FRACTION);
                if (Double.isNaN(head)) {
                    // a box smaller than a depth cell: take the cell under its bottom centre
                    head = depth.depthAtSource((d.x1() + d.x2()) / 2.0, Math.max(d.y1(), d.y2() - 0.5));
                }
            }
            ObjectLocator.Location l = locator.locate(d.x1(), d.y1(), d.x2(), d.y2(), head);
            out.add(switch (l.source()) {
                case NONE -> ObjectLocation.UNKNOWN;
                case FUSED -> location("fused", l);
                case GROUND -> location("ground", l);
                case DEPTH_HEAD -> location("depth", l);
            });
        }
    }

    private static ObjectLocation location(String source, ObjectLocator.Location l) {
        return new ObjectLocation(source, (float) l.distance(), (float) l.x(), (float) l.y(), (float) l.z());
    }

    /** The camera as the model's frames see it (scaled, and undistorted when the lens distorts). */
    CameraModel frameCamera() {
        return frameCamera;
    }

    private void closeUndistorter() {
        if (undistorter != null) {
            undistorter.close();
            undistorter = null;
        }
    }

    @Override
    public void close() {
        closeUndistorter();
        undistorted.release();
    }
}
