package dev.trident.calibration.tool;

import dev.trident.calibration.CalibrationException;
import dev.trident.calibration.OpenCvNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A folder of calibration photos: lists the images, checks they share one size, and finds the
 * chessboard in each. Images without a board (or unreadable) are listed, not fatal.
 *
 * <p>Stateless; thread-safe.
 */
public final class CalibrationImages {
    static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff");

    /**
     * What the folder held.
     *
     * @param width      common image width
     * @param height     common image height
     * @param views      images with a board, in file-name order
     * @param paths      the image file of each view (same order)
     * @param noBoard    file names where no complete board was found
     * @param unreadable file names OpenCV could not decode
     * @param total      number of image files
     */
    public record Scan(int width, int height, List<IntrinsicCalibrator.View> views, List<Path> paths,
                       List<String> noBoard, List<String> unreadable, int total) {
    }

    private CalibrationImages() {
    }

    /** The image files in {@code dir}, sorted by name. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CalibrationException("--images " + dir + " is not a folder; pass the folder holding the chessboard photos");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> images = s.filter(Files::isRegularFile)
                    .filter(p -> EXTENSIONS.stream().anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
                    .sorted()
                    .toList();
            if (images.isEmpty()) {
                throw new CalibrationException("no images (" + String.join(", ", EXTENSIONS) + ") in " + dir
                        + "; put the chessboard photos there");
            }
            return images;
        } catch (IOException e) {
            throw new CalibrationException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads every image of {@code dir} and finds the board.
     *
     * @throws CalibrationException on no images or images of different sizes, or when no image shows the board
     */
    public static Scan scan(Path dir, ChessboardPattern pattern) {
        OpenCvNatives.load();
        List<Path> files = list(dir);
        ChessboardDetector detector = new ChessboardDetector(pattern);
        List<IntrinsicCalibrator.View> views = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        List<String> noBoard = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int width = -1;
        int height = -1;
        Path first = null;
        for (Path file : files) {
            String name = file.getFileName().toString();
            Mat gray = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_GRAYSCALE);
            try {
                if (gray.empty()) {
                    unreadable.add(name);
                    continue;
                }
                if (first == null) {
                    first = file;
                    width = gray.cols();
                    height = gray.rows();
                } else if (gray.cols() != width || gray.rows() != height) {
                    throw new CalibrationException("images differ in size: " + first.getFileName() + " is " + width + "x"
                            + height + " but " + name + " is " + gray.cols() + "x" + gray.rows()
                            + "; calibrate one camera at one resolution per folder");
                }
                double[] corners = detector.find(gray);
                if (corners == null) {
                    noBoard.add(name);
                } else {
                    views.add(new IntrinsicCalibrator.View(name, corners));
                    paths.add(file);
                }
            } finally {
                gray.release();
            }
        }
        if (first == null) {
            throw new CalibrationException("none of the " + files.size() + " image files in " + dir + " could be decoded");
        }
        if (views.isEmpty()) {
            String hint = suggestPattern(first, pattern);
            throw new CalibrationException("no chessboard with " + pattern.columns() + "x" + pattern.rows()
                    + " inner corners found in any of the " + files.size() + " images in " + dir
                    + (hint != null ? "; " + first.getFileName() + " shows a board with " + hint + " inner corners: pass --pattern "
                    + hint : "; check --pattern (inner corners, e.g. 9x6 for a board of 10x7 squares)"));
        }
        return new Scan(width, height, List.copyOf(views), List.copyOf(paths), List.copyOf(noBoard),
                List.copyOf(unreadable), files.size());
    }

    /**
     * Counting inner corners is the classic mistake (a 10×7-square board has 9×6): when the
     * requested pattern is found nowhere, try the common sizes on one image and name the one found.
     */
    private static String suggestPattern(Path image, ChessboardPattern requested) {
        int c = requested.columns();
        int r = requested.rows();
        // the likely slips first (squares counted, off by one, rows and columns swapped), then common boards
        int[][] candidates = {
            {c - 1, r - 1}, {r, c}, {c - 1, r}, {c, r - 1}, {c + 1, r + 1}, {r - 1, c - 1},
            {9, 6}, {8, 6}, {7, 5}, {7, 6}, {8, 5}, {9, 7}, {10, 7}, {11, 8}, {6, 4}, {5, 4}
        };
        Mat gray = Imgcodecs.imread(image.toString(), Imgcodecs.IMREAD_GRAYSCALE);
        try {
            java.util.Set<String> tried = new java.util.HashSet<>();
            for (int[] p : candidates) {
                if (p[0] < 3 || p[1] < 3 || (p[0] == c && p[1] == r) || !tried.add(p[0] + "x" + p[1])) {
                    continue;
                }
                if (new ChessboardDetector(new ChessboardPattern(p[0], p[1], requested.square())).find(gray) != null) {
                    return p[0] + "x" + p[1];
                }
            }
            return null;
        } finally {
            gray.release();
        }
    }
}
