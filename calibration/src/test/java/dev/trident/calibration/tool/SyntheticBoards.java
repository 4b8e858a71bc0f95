package dev.trident.calibration.tool;

import dev.trident.calibration.SyntheticCamera;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/** Chessboard views rendered by a {@link SyntheticCamera}: the ground truth of the calibration tests. */
public final class SyntheticBoards {
    private SyntheticBoards() {
    }

    /** Texture of a chessboard with {@code pattern}'s inner corners at (i·s, j·s), a one-square white margin. */
    public static SyntheticCamera.Texture texture(ChessboardPattern pattern) {
        double s = pattern.square();
        return (px, py) -> {
            double a = Math.floor(px / s);
            double b = Math.floor(py / s);
            if (a < -2 || a > pattern.columns() || b < -2 || b > pattern.rows()) {
                return 90; // beyond the board: darkish grey table
            }
            if (a < -1 || a > pattern.columns() - 1 || b < -1 || b > pattern.rows() - 1) {
                return 235; // white margin the detector needs
            }
            return ((long) a + (long) b) % 2 == 0 ? 25 : 235;
        };
    }

    /**
     * {@code count} views with the board centre at {@code distance} metres and tilted up to
     * {@code tiltDeg}, spread over the image by up to {@code spread} × distance sideways.
     */
    public static List<Mat> views(SyntheticCamera camera, ChessboardPattern pattern, int count, double distance,
                           double tiltDeg, double spread) {
        List<Mat> out = new ArrayList<>();
        double cxBoard = (pattern.columns() - 1) * pattern.square() / 2;
        double cyBoard = (pattern.rows() - 1) * pattern.square() / 2;
        for (int i = 0; i < count; i++) {
            // deterministic, well spread poses: a golden-angle spiral over the image and varied tilts
            double phi = i * 2.399963;
            double rad = Math.sqrt((i + 0.5) / count);
            double ox = spread * distance * rad * Math.cos(phi);
            double oy = 0.75 * spread * distance * rad * Math.sin(phi);
            double a = tiltDeg * Math.sin(i * 1.7 + 0.3);
            double b = tiltDeg * Math.cos(i * 2.3 + 0.1);
            double c = 12 * Math.sin(i * 0.9);
            double z = distance * (0.9 + 0.25 * ((i * 7) % 5) / 4.0);
            double[] r = SyntheticCamera.rotation(a, b, c);
            double[] t = {
                ox - (r[0] * cxBoard + r[1] * cyBoard),
                oy - (r[3] * cxBoard + r[4] * cyBoard),
                z - (r[6] * cxBoard + r[7] * cyBoard)
            };
            out.add(camera.renderPlane(r, t, texture(pattern), 90, 1.5, 1000 + i));
        }
        return out;
    }
}
