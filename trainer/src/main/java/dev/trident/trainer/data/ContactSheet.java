package dev.trident.trainer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Renders a preview sheet of dataset samples read back from disk, one row per sample:
 * image | colourised segmentation | depth colour map | boxes drawn on the image. Because it reads
 * the written files, a misaligned label shows up here. Unlabelled tasks show a grey tile.
 *
 * <p>Stateless; thread-safe.
 */
public final class ContactSheet {
    /** Cityscapes-like colours (BGR) for the synthetic world's classes, by name. */
    private static final java.util.Map<String, double[]> KNOWN = java.util.Map.ofEntries(
            java.util.Map.entry("road", bgr(128, 64, 128)), java.util.Map.entry("lane_marking", bgr(255, 255, 255)),
            java.util.Map.entry("sidewalk", bgr(244, 35, 232)), java.util.Map.entry("building", bgr(70, 70, 70)),
            java.util.Map.entry("vegetation", bgr(107, 142, 35)), java.util.Map.entry("pole", bgr(153, 153, 153)),
            java.util.Map.entry("traffic_sign", bgr(220, 220, 0)), java.util.Map.entry("traffic_light", bgr(250, 170, 30)),
            java.util.Map.entry("sky", bgr(70, 130, 180)), java.util.Map.entry("car", bgr(0, 0, 142)),
            java.util.Map.entry("truck", bgr(0, 0, 70)), java.util.Map.entry("bus", bgr(0, 60, 100)),
            java.util.Map.entry("person", bgr(220, 20, 60)), java.util.Map.entry("pedestrian", bgr(220, 20, 60)),
            java.util.Map.entry("cyclist", bgr(119, 11, 32)));

    private ContactSheet() {
    }

    private static double[] bgr(int r, int g, int b) {
        return new double[] {b, g, r};
    }

    /** Colour of class {@code name} (index {@code id}) in previews, BGR. */
    static double[] colour(String name, int id) {
        double[] c = KNOWN.get(name);
        if (c != null) {
            return c;
        }
        long h = (id + 1) * 0x9E3779B97F4A7C15L;
        return new double[] {(h >>> 8) & 255, (h >>> 24) & 255, (h >>> 40) & 255};
    }

    /**
     * Writes a sheet of {@code samples} (read from {@code dataset}) to {@code out} (PNG or JPEG),
     * each tile {@code tileWidth} pixels wide.
     */
    public static void write(Dataset dataset, List<DatasetSample> samples, Path out, int tileWidth) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to preview");
        }
        DatasetManifest m = dataset.manifest();
        int tw = tileWidth;
        int th = (int) Math.round((double) m.height() * tw / m.width());
        int header = 28;
        Mat sheet = new Mat(header + th * samples.size(), tw * 4, CvType.CV_8UC3, new Scalar(30, 30, 30));
        List<Mat> temps = new ArrayList<>();
        try {
            String[] titles = {"image", "segmentation", "depth", "boxes"};
            for (int c = 0; c < 4; c++) {
                Imgproc.putText(sheet, titles[c], new Point(c * tw + 8, 20), Imgproc.FONT_HERSHEY_SIMPLEX, 0.6,
                        new Scalar(235, 235, 235), 1, Imgproc.LINE_AA);
            }
            for (int r = 0; r < samples.size(); r++) {
                try (LabelledSample s = dataset.load(samples.get(r))) {
                    int y = header + r * th;
                    place(sheet, s.image(), 0, y, tw, th, Imgproc.INTER_AREA, temps);
                    if (s.segmentation() != null) {
                        Mat colour = colourise(s.segmentation(), m.segmentationClasses());
                        temps.add(colour);
                        place(sheet, colour, tw, y, tw, th, Imgproc.INTER_NEAREST, temps);
                    } else {
                        unlabelled(sheet, tw, y, tw, th);
                    }
                    if (s.depth() != null) {
                        Mat colour = depthColours(s.depth(), m.depthScale());
                        temps.add(colour);
                        place(sheet, colour, 2 * tw, y, tw, th, Imgproc.INTER_NEAREST, temps);
                    } else {
                        unlabelled(sheet, 2 * tw, y, tw, th);
                    }
                    Mat boxes = s.image().clone();
                    temps.add(boxes);
                    if (s.boxes() != null) {
                        drawBoxes(boxes, s.boxes(), m.detectionClasses());
                        place(sheet, boxes, 3 * tw, y, tw, th, Imgproc.INTER_AREA, temps);
                    } else {
                        unlabelled(sheet, 3 * tw, y, tw, th);
                    }
                    Imgproc.putText(sheet, s.sample().name(), new Point(6, y + th - 8), Imgproc.FONT_HERSHEY_SIMPLEX, 0.45,
                            new Scalar(255, 255, 255), 1, Imgproc.LINE_AA);
                }
                temps.forEach(Mat::release);
                temps.clear();
            }
            if (!Imgcodecs.imwrite(out.toString(), sheet)) {
                throw new DatasetException(out + ": cannot write the preview; use a .png or .jpg path in a writable folder");
            }
        } finally {
            temps.forEach(Mat::release);
            sheet.release();
        }
    }

    private static void place(Mat sheet, Mat src, int x, int y, int w, int h, int interp, List<Mat> temps) {
        Mat roi = sheet.submat(new Rect(x, y, w, h));
        temps.add(roi);
        Imgproc.resize(src, roi, new Size(w, h), 0, 0, interp);
    }

    private static void unlabelled(Mat sheet, int x, int y, int w, int h) {
        Imgproc.rectangle(sheet, new Point(x, y), new Point(x + w - 1, y + h - 1), new Scalar(90, 90, 90), -1);
        Imgproc.putText(sheet, "unlabelled", new Point(x + w / 2.0 - 45, y + h / 2.0), Imgproc.FONT_HERSHEY_SIMPLEX,
                0.6, new Scalar(200, 200, 200), 1, Imgproc.LINE_AA);
    }

    /** Class ids → BGR via a 256-entry lookup table (255 = ignore → black). */
    static Mat colourise(Mat ids, List<String> classes) {
        Mat lut = new Mat(1, 256, CvType.CV_8UC3);
        Mat ids3 = new Mat();
        try {
            byte[] table = new byte[256 * 3];
            for (int i = 0; i < classes.size(); i++) {
                double[] c = colour(classes.get(i), i);
                table[i * 3] = (byte) c[0];
                table[i * 3 + 1] = (byte) c[1];
                table[i * 3 + 2] = (byte) c[2];
            }
            lut.put(0, 0, table);
            Imgproc.cvtColor(ids, ids3, Imgproc.COLOR_GRAY2BGR);
            Mat out = new Mat();
            Core.LUT(ids3, lut, out);
            return out;
        } finally {
            lut.release();
            ids3.release();
        }
    }

    /** Depth (16-bit, metres × scale) → turbo colours on log depth, near = red; invalid → black. */
    static Mat depthColours(Mat depth16, double scale) {
        Mat metres = new Mat();
        Mat inv = new Mat();
        Mat u8 = new Mat();
        Mat invalid = new Mat();
        try {
            depth16.convertTo(metres, CvType.CV_32F, 1.0 / scale);
            Core.max(metres, new Scalar(1.0), metres);
            Core.log(metres, inv);
            // log scale: 1 m → 255 (red), 80 m → 0 (dark blue)
            inv.convertTo(u8, CvType.CV_8U, -255.0 / Math.log(80), 255.0);
            Mat out = new Mat();
            Imgproc.applyColorMap(u8, out, Imgproc.COLORMAP_TURBO);
            Core.compare(depth16, new Scalar(0), invalid, Core.CMP_EQ);
            out.setTo(new Scalar(0, 0, 0), invalid);
            return out;
        } finally {
            metres.release();
            inv.release();
            u8.release();
            invalid.release();
        }
    }

    private static void drawBoxes(Mat img, List<YoloBox> boxes, List<String> classes) {
        int w = img.cols();
        int h = img.rows();
        for (YoloBox b : boxes) {
            String name = classes.get(b.classId());
            double[] c = colour(name, b.classId());
            Scalar s = new Scalar(c[0], c[1], c[2]);
            Imgproc.rectangle(img, new Point(b.x1(w), b.y1(h)), new Point(b.x2(w) - 1, b.y2(h) - 1), s, 2);
            Imgproc.putText(img, name, new Point(b.x1(w), Math.max(10, b.y1(h) - 3)), Imgproc.FONT_HERSHEY_SIMPLEX,
                    0.4, s, 1, Imgproc.LINE_AA);
        }
    }
}
