package dev.trident.calibration;

import java.util.Random;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Renders synthetic images of planar scenes as a known distorted camera sees them, by inverse
 * mapping: every output pixel is supersampled 3×3, each sample's ray is found by undistorting
 * it, and the ray is intersected with the plane. Used by tests as ground truth.
 */
public final class SyntheticCamera {
    /** Grey value of a plane point at plane coordinates (px, py). */
    @FunctionalInterface
    public interface Texture {
        int shade(double px, double py);
    }

    private static final int SS = 3;
    private final CameraModel model;
    private final float[] rayX;
    private final float[] rayY;
    private final boolean[] rayOk;

    public SyntheticCamera(CameraModel model) {
        this.model = model;
        CameraIntrinsics in = model.intrinsics();
        int n = in.width() * in.height() * SS * SS;
        rayX = new float[n];
        rayY = new float[n];
        rayOk = new boolean[n];
        double[] out = new double[2];
        int i = 0;
        for (int v = 0; v < in.height(); v++) {
            for (int u = 0; u < in.width(); u++) {
                for (int sy = 0; sy < SS; sy++) {
                    for (int sx = 0; sx < SS; sx++) {
                        double pu = u + (sx - (SS - 1) / 2.0) / SS;
                        double pv = v + (sy - (SS - 1) / 2.0) / SS;
                        boolean ok = model.distortion().undistort((pu - in.cx()) / in.fx(), (pv - in.cy()) / in.fy(), out);
                        rayX[i] = (float) out[0];
                        rayY[i] = (float) out[1];
                        rayOk[i] = ok;
                        i++;
                    }
                }
            }
        }
    }

    public CameraModel model() {
        return model;
    }

    /**
     * Renders the plane through {@code t} spanned by the columns 0 and 1 of the row-major rotation
     * {@code r} (plane → camera), textured by {@code texture}; rays missing it get {@code background}.
     * Adds Gaussian noise of {@code noise} grey levels. Returns an 8-bit one-channel Mat.
     */
    public Mat renderPlane(double[] r, double[] t, Texture texture, int background, double noise, long seed) {
        CameraIntrinsics in = model.intrinsics();
        double nx = r[2], ny = r[5], nz = r[8];
        double nt = nx * t[0] + ny * t[1] + nz * t[2];
        byte[] pixels = new byte[in.width() * in.height()];
        Random random = new Random(seed);
        int i = 0;
        for (int p = 0; p < pixels.length; p++) {
            double sum = 0;
            for (int s = 0; s < SS * SS; s++, i++) {
                double dx = rayX[i], dy = rayY[i];
                double denom = nx * dx + ny * dy + nz;
                double lambda = nt / denom;
                if (!rayOk[i] || !(lambda > 0) || Double.isInfinite(lambda)) {
                    sum += background;
                    continue;
                }
                double qx = lambda * dx - t[0], qy = lambda * dy - t[1], qz = lambda - t[2];
                double px = r[0] * qx + r[3] * qy + r[6] * qz;
                double py = r[1] * qx + r[4] * qy + r[7] * qz;
                sum += texture.shade(px, py);
            }
            double g = sum / (SS * SS) + noise * random.nextGaussian();
            pixels[p] = (byte) Math.max(0, Math.min(255, Math.round(g)));
        }
        Mat m = new Mat(in.height(), in.width(), CvType.CV_8UC1);
        m.put(0, 0, pixels);
        return m;
    }

    /** Row-major Rz(c)·Ry(b)·Rx(a), angles in degrees. */
    public static double[] rotation(double aDeg, double bDeg, double cDeg) {
        double a = Math.toRadians(aDeg), b = Math.toRadians(bDeg), c = Math.toRadians(cDeg);
        double[] rx = {1, 0, 0, 0, Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a)};
        double[] ry = {Math.cos(b), 0, Math.sin(b), 0, 1, 0, -Math.sin(b), 0, Math.cos(b)};
        double[] rz = {Math.cos(c), -Math.sin(c), 0, Math.sin(c), Math.cos(c), 0, 0, 0, 1};
        return Mat3.multiply(rz, Mat3.multiply(ry, rx));
    }
}
