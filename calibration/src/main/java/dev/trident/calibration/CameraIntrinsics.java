package dev.trident.calibration;

/**
 * Pinhole intrinsics of a camera at one image size, in pixels.
 *
 * <p>Pixel convention (OpenCV's): pixel (0,0) is the centre of the top-left pixel, so a point
 * at column u covers [u-0.5, u+0.5). Under that convention a resize by factor s maps
 * u to (u + 0.5)·s − 0.5, which {@link #scaledTo(int, int)} applies exactly.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param width  image width in pixels (&gt; 0)
 * @param height image height in pixels (&gt; 0)
 * @param fx     focal length along x in pixels (&gt; 0)
 * @param fy     focal length along y in pixels (&gt; 0)
 * @param cx     principal point x in pixels
 * @param cy     principal point y in pixels
 */
public record CameraIntrinsics(int width, int height, double fx, double fy, double cx, double cy) {

    public CameraIntrinsics {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("camera image size must be positive, got " + width + "x" + height);
        }
        if (!(fx > 0) || !(fy > 0) || !Double.isFinite(fx) || !Double.isFinite(fy)) {
            throw new IllegalArgumentException("focal lengths must be finite and positive, got fx=" + fx + " fy=" + fy);
        }
        if (!Double.isFinite(cx) || !Double.isFinite(cy)) {
            throw new IllegalArgumentException("principal point must be finite, got cx=" + cx + " cy=" + cy);
        }
    }

    /** A camera with the principal point at the image centre and the given horizontal field of view. */
    public static CameraIntrinsics fromHorizontalFov(int width, int height, double hfovDegrees) {
        double f = (width / 2.0) / Math.tan(Math.toRadians(hfovDegrees) / 2.0);
        return new CameraIntrinsics(width, height, f, f, (width - 1) / 2.0, (height - 1) / 2.0);
    }

    /** The same camera seen through an image resized (independently per axis) to {@code newWidth×newHeight}. */
    public CameraIntrinsics scaledTo(int newWidth, int newHeight) {
        double sx = (double) newWidth / width;
        double sy = (double) newHeight / height;
        return new CameraIntrinsics(newWidth, newHeight, fx * sx, fy * sy,
                (cx + 0.5) * sx - 0.5, (cy + 0.5) * sy - 0.5);
    }

    /** Row-major 3×3 camera matrix K. */
    public double[] cameraMatrix() {
        return new double[] {fx, 0, cx, 0, fy, cy, 0, 0, 1};
    }
}
