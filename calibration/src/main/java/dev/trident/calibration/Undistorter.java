package dev.trident.calibration;

import org.opencv.calib3d.Calib3d;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Removes lens distortion from frames of one camera at one image size. The remap tables are
 * computed once in the constructor ({@code initUndistortRectifyMap}, or its fisheye variant);
 * {@link #undistort} is then a single {@code remap} into a caller-owned Mat, which OpenCV reuses
 * when it already has the right size and type, so the per-frame path allocates nothing.
 *
 * <p>Output frames are ideal pinhole images with {@link #outputIntrinsics()}; the camera they come
 * from is {@code model.undistorted(outputIntrinsics())}.
 *
 * <p>Threading: after construction the tables are read-only, so {@link #undistort} may run
 * concurrently from several threads as long as each passes its own destination Mat.
 * {@link #close()} must not race with {@link #undistort}.
 */
public final class Undistorter implements AutoCloseable {
    private final CameraModel model;
    private final CameraIntrinsics output;
    private final Mat map1 = new Mat();
    private final Mat map2 = new Mat();
    private volatile boolean closed;

    /** Undistorts to the same intrinsics as the input (the same K, same size). */
    public Undistorter(CameraModel model) {
        this(model, model.intrinsics());
    }

    /**
     * Undistorts frames of {@code model}'s size to an ideal camera with {@code output}
     * intrinsics (which may have another size or focal length, e.g. to keep a fisheye's full view).
     */
    public Undistorter(CameraModel model, CameraIntrinsics output) {
        OpenCvNatives.load();
        this.model = model;
        this.output = output;
        Mat k = cameraMatrix(model.intrinsics());
        Mat newK = cameraMatrix(output);
        Mat d = coefficients(model.distortion());
        Mat r = Mat.eye(3, 3, CvType.CV_64F);
        try {
            Size size = new Size(output.width(), output.height());
            // CV_16SC2 fixed-point tables: the fastest remap path, accurate to 1/32 px.
            if (model.distortion() instanceof Distortion.Fisheye) {
                Calib3d.fisheye_initUndistortRectifyMap(k, d, r, newK, size, CvType.CV_16SC2, map1, map2);
            } else {
                Calib3d.initUndistortRectifyMap(k, d, r, newK, size, CvType.CV_16SC2, map1, map2);
            }
        } finally {
            k.release();
            newK.release();
            d.release();
            r.release();
        }
    }

    public CameraModel model() {
        return model;
    }

    /** Intrinsics of the undistorted frames. */
    public CameraIntrinsics outputIntrinsics() {
        return output;
    }

    /**
     * Writes the undistorted {@code src} into {@code dst} (bilinear; pixels that map outside the
     * source are black). {@code dst} is (re)allocated only when its size or type differs.
     *
     * @throws CalibrationException when {@code src} is not the calibrated size
     */
    public void undistort(Mat src, Mat dst) {
        if (closed) {
            throw new IllegalStateException("Undistorter is closed");
        }
        CameraIntrinsics in = model.intrinsics();
        if (src.cols() != in.width() || src.rows() != in.height()) {
            throw new CalibrationException("frame is " + src.cols() + "x" + src.rows() + " but camera '" + model.name()
                    + "' is calibrated for " + in.width() + "x" + in.height() + "; build the Undistorter from"
                    + " model.scaledTo(" + src.cols() + ", " + src.rows() + ")");
        }
        Imgproc.remap(src, dst, map1, map2, Imgproc.INTER_LINEAR);
    }

    @Override
    public void close() {
        closed = true;
        map1.release();
        map2.release();
    }

    /** K as a 3×3 CV_64F Mat; the caller releases it. */
    public static Mat cameraMatrix(CameraIntrinsics in) {
        Mat k = new Mat(3, 3, CvType.CV_64F);
        k.put(0, 0, in.cameraMatrix());
        return k;
    }

    /** Distortion coefficients as a 1×N CV_64F Mat in OpenCV order; the caller releases it. */
    public static Mat coefficients(Distortion distortion) {
        double[] c = distortion.coefficients();
        Mat d = new Mat(1, c.length, CvType.CV_64F);
        d.put(0, 0, c);
        return d;
    }
}
