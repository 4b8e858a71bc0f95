package dev.trident.calibration.tool;

import dev.trident.calibration.OpenCvNatives;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Size;
import org.opencv.core.TermCriteria;
import org.opencv.imgproc.Imgproc;

/**
 * Finds a chessboard's inner corners in a grayscale image with sub-pixel accuracy.
 *
 * <p>Large photos are searched at reduced size (the search is the slow part) and the corners
 * are then refined with {@code cornerSubPix} at full resolution.
 *
 * <p>Stateless; thread-safe.
 */
public final class ChessboardDetector {
    /** Images larger than this (longest side, pixels) are searched downscaled to it. */
    static final int SEARCH_SIDE = 1280;

    private final ChessboardPattern pattern;

    public ChessboardDetector(ChessboardPattern pattern) {
        OpenCvNatives.load();
        this.pattern = pattern;
    }

    /**
     * Corners of the board in {@code gray} (8-bit, one channel) as x0, y0, x1, y1, … in OpenCV
     * pixel-centre coordinates, row by row; {@code null} when no complete board is found.
     */
    public double[] find(Mat gray) {
        double scale = Math.min(1.0, (double) SEARCH_SIDE / Math.max(gray.cols(), gray.rows()));
        Mat search = gray;
        MatOfPoint2f corners = new MatOfPoint2f();
        try {
            if (scale < 1.0) {
                search = new Mat();
                Imgproc.resize(gray, search, new Size(), scale, scale, Imgproc.INTER_AREA);
            }
            int flags = Calib3d.CALIB_CB_ADAPTIVE_THRESH | Calib3d.CALIB_CB_NORMALIZE_IMAGE | Calib3d.CALIB_CB_FAST_CHECK;
            // FAST_CHECK makes a photo without a board cost milliseconds; the sector-based
            // detector (findChessboardCornersSB) is not used as a fallback because it takes about a
            // second per such photo.
            boolean found = Calib3d.findChessboardCorners(search, pattern.size(), corners, flags);
            if (!found || corners.rows() != pattern.cornerCount()) {
                return null;
            }
            if (scale < 1.0) {
                float[] c = new float[pattern.cornerCount() * 2];
                corners.get(0, 0, c);
                for (int i = 0; i < c.length; i++) {
                    c[i] = (float) ((c[i] + 0.5) / scale - 0.5);
                }
                corners.put(0, 0, c);
            }
            int half = refineHalfWindow(corners);
            Imgproc.cornerSubPix(gray, corners, new Size(half, half), new Size(-1, -1),
                    new TermCriteria(TermCriteria.EPS + TermCriteria.COUNT, 50, 1e-3));
            float[] c = new float[pattern.cornerCount() * 2];
            corners.get(0, 0, c);
            double[] out = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                out[i] = c[i];
            }
            return out;
        } finally {
            corners.release();
            if (search != gray) {
                search.release();
            }
        }
    }

    /** Half-size of the refinement window: under half the corner spacing, so it never spans two corners. */
    private int refineHalfWindow(MatOfPoint2f corners) {
        float[] c = new float[pattern.cornerCount() * 2];
        corners.get(0, 0, c);
        double minSpacing = Double.MAX_VALUE;
        for (int j = 0; j < pattern.rows(); j++) {
            for (int i = 0; i + 1 < pattern.columns(); i++) {
                int a = 2 * (j * pattern.columns() + i);
                minSpacing = Math.min(minSpacing, Math.hypot(c[a + 2] - c[a], c[a + 3] - c[a + 1]));
            }
        }
        return (int) Math.max(2, Math.min(11, Math.floor(minSpacing * 0.4)));
    }
}
