package dev.trident.trainer.data;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Copies plain Java pixel arrays into OpenCV Mats for writing, through reusable scratch arrays.
 *
 * <p>Not thread-safe: one instance per writer.
 */
public final class PixelBuffers {
    private byte[] bytes = new byte[0];
    private short[] shorts = new short[0];

    /** Fills (re-allocating only on a size or type change) {@code out} with 0xRRGGBB pixels as 8-bit BGR. */
    public void rgbToBgr(int[] rgb, int width, int height, Mat out) {
        ensure(out, height, width, CvType.CV_8UC3);
        int n = width * height;
        if (bytes.length != n * 3) {
            bytes = new byte[n * 3];
        }
        for (int i = 0, j = 0; i < n; i++, j += 3) {
            int p = rgb[i];
            bytes[j] = (byte) p;
            bytes[j + 1] = (byte) (p >> 8);
            bytes[j + 2] = (byte) (p >> 16);
        }
        out.put(0, 0, bytes);
    }

    /** Fills {@code out} (8-bit, one channel) with class ids. */
    public void classes(byte[] ids, int width, int height, Mat out) {
        ensure(out, height, width, CvType.CV_8UC1);
        if (ids.length != width * height) {
            throw new IllegalArgumentException("class map has " + ids.length + " pixels, expected " + width * height);
        }
        out.put(0, 0, ids);
    }

    /**
     * Fills {@code out} (16-bit, one channel) with depth in metres × {@code scale}; non-finite,
     * non-positive and beyond-{@code maxDepth} values become 0 (invalid).
     */
    public void depth(float[] metres, int width, int height, double scale, double maxDepth, Mat out) {
        ensure(out, height, width, CvType.CV_16UC1);
        int n = width * height;
        if (shorts.length != n) {
            shorts = new short[n];
        }
        double limit = Math.min(maxDepth, 65535 / scale);
        for (int i = 0; i < n; i++) {
            float z = metres[i];
            shorts[i] = z > 0 && z <= limit ? (short) Math.max(1, Math.round(z * scale)) : 0;
        }
        out.put(0, 0, shorts);
    }

    private static void ensure(Mat m, int rows, int cols, int type) {
        if (m.rows() != rows || m.cols() != cols || m.type() != type) {
            m.create(rows, cols, type);
        }
    }
}
