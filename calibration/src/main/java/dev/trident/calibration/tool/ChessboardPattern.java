package dev.trident.calibration.tool;

import dev.trident.calibration.CalibrationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opencv.core.MatOfPoint3f;
import org.opencv.core.Point3;
import org.opencv.core.Size;

/**
 * A planar chessboard target: its inner-corner grid and square size. Corners are numbered row by
 * row as OpenCV's detector returns them; corner (i, j) sits at board coordinates
 * (i·square, j·square, 0).
 *
 * <p>Immutable value; thread-safe.
 *
 * @param columns inner corners per row (a board of 10×7 squares has 9×6 inner corners)
 * @param rows    inner corners per column
 * @param square  side of one square, metres (any unit works; extrinsics come out in it)
 */
public record ChessboardPattern(int columns, int rows, double square) {
    private static final Pattern SPEC = Pattern.compile("\\s*(\\d+)\\s*[xX×]\\s*(\\d+)\\s*");

    public ChessboardPattern {
        if (columns < 2 || rows < 2 || columns > 100 || rows > 100) {
            throw new CalibrationException("--pattern needs 2..100 inner corners per side (e.g. 9x6 for a board of"
                    + " 10x7 squares), got " + columns + "x" + rows);
        }
        if (!(square > 0) || !Double.isFinite(square)) {
            throw new CalibrationException("--square must be the positive side length of one square in metres"
                    + " (e.g. 0.025), got " + square);
        }
    }

    /** Parses {@code "9x6"} (inner corners per row × per column). */
    public static ChessboardPattern parse(String spec, double square) {
        Matcher m = SPEC.matcher(spec == null ? "" : spec);
        if (!m.matches()) {
            throw new CalibrationException("--pattern must be COLUMNSxROWS of inner corners, e.g. 9x6 for a board of"
                    + " 10x7 squares, got '" + spec + "'");
        }
        try {
            return new ChessboardPattern(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), square);
        } catch (NumberFormatException e) {
            throw new CalibrationException("--pattern numbers are too large: '" + spec + "'", e);
        }
    }

    public int cornerCount() {
        return columns * rows;
    }

    /** OpenCV's pattern size (columns, rows). */
    public Size size() {
        return new Size(columns, rows);
    }

    /** The corners in board coordinates, in detector order; the caller releases the Mat. */
    public MatOfPoint3f objectPoints() {
        Point3[] p = new Point3[cornerCount()];
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < columns; i++) {
                p[j * columns + i] = new Point3(i * square, j * square, 0);
            }
        }
        return new MatOfPoint3f(p);
    }

    @Override
    public String toString() {
        return columns + "x" + rows + " inner corners, " + square + " m squares";
    }
}
