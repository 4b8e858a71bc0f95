package dev.trident.trainer.data;

import java.util.Locale;

/**
 * One detection label in YOLO form: class id and box centre/size normalised by the image size.
 * Immutable; thread-safe.
 *
 * @param classId index into the dataset's detection class list
 * @param cx      box centre x / image width
 * @param cy      box centre y / image height
 * @param w       box width / image width
 * @param h       box height / image height
 */
public record YoloBox(int classId, double cx, double cy, double w, double h) {

    /** A box from continuous pixel edges [x1, x2)×[y1, y2) in a {@code width×height} image. */
    public static YoloBox fromPixels(int classId, double x1, double y1, double x2, double y2, int width, int height) {
        return new YoloBox(classId, (x1 + x2) / 2 / width, (y1 + y2) / 2 / height, (x2 - x1) / width,
                (y2 - y1) / height);
    }

    /** Left edge in pixels of a {@code width}-wide image. */
    public double x1(int width) {
        return (cx - w / 2) * width;
    }

    public double y1(int height) {
        return (cy - h / 2) * height;
    }

    public double x2(int width) {
        return (cx + w / 2) * width;
    }

    public double y2(int height) {
        return (cy + h / 2) * height;
    }

    /** The label-file line: {@code class cx cy w h}, six decimals. */
    public String toLine() {
        return String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f", classId, cx, cy, w, h);
    }
}
