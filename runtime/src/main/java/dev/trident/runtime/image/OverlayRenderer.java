package dev.trident.runtime.image;

import dev.trident.runtime.result.DepthMap;
import dev.trident.runtime.result.Detection;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.SegmentationMap;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Draws a result for a person to check: left, the frame with the segmentation blended in and the
 * boxes drawn; right, the depth map as a colour map (near = bright), side by side.
 *
 * <p>Not thread-safe (reuses scratch Mats); one renderer per thread. {@link #close()} releases them.
 */
public final class OverlayRenderer implements AutoCloseable {
    /** Segmentation colours (BGR) by class id; classes beyond the table cycle through it. */
    private static final double[][] PALETTE = {
        {128, 64, 128}, {180, 130, 70}, {35, 142, 107}, {153, 153, 153}, {70, 70, 70}, {232, 35, 244},
        {0, 220, 220}, {30, 170, 250}, {142, 0, 0}, {70, 0, 0}, {100, 60, 0}, {60, 20, 220}, {0, 0, 255}, {32, 11, 119}
    };
    private final Mat classes = new Mat();
    private final Mat colour = new Mat();
    private final Mat depth8 = new Mat();
    private final Mat depthColour = new Mat();

    /** Renders into a new BGR Mat of size (2·w)×h; the caller releases it. */
    public Mat render(Mat frame, PerceptionResult r) {
        OpenCvNatives.load();
        int w = frame.cols();
        int h = frame.rows();
        Mat out = new Mat(h, 2 * w, CvType.CV_8UC3, new Scalar(0, 0, 0));
        Mat left = out.submat(new Rect(0, 0, w, h));
        Mat right = out.submat(new Rect(w, 0, w, h));
        try {
            frame.copyTo(left);
            r.segmentation().ifPresent(seg -> blendSegmentation(left, seg));
            drawDetections(left, r);
            r.depth().ifPresentOrElse(d -> drawDepth(right, d), () -> label(right, "no depth head ran on this frame", 30));
            label(left, String.format(Locale.ROOT, "seq %d  preprocess %.2f ms  inference %.2f ms  %d detections",
                    r.seq(), r.preprocessNanos() / 1e6, r.inferenceNanos() / 1e6, r.detections().size()), 24);
        } finally {
            left.release();
            right.release();
        }
        return out;
    }

    /** Writes a line of text with a dark outline so it reads on any background. */
    public static void label(Mat img, String text, int y) {
        label(img, text, 10, y, 0.6);
    }

    /** Writes text at (x, y) with a dark outline. */
    public static void label(Mat img, String text, int x, int y, double scale) {
        Point at = new Point(x, y);
        Imgproc.putText(img, text, at, Imgproc.FONT_HERSHEY_SIMPLEX, scale, new Scalar(0, 0, 0), 4);
        Imgproc.putText(img, text, at, Imgproc.FONT_HERSHEY_SIMPLEX, scale, new Scalar(255, 255, 255), 1);
    }

    private void blendSegmentation(Mat img, SegmentationMap seg) {
        seg.toSourceResolution(classes);
        colour.create(img.rows(), img.cols(), CvType.CV_8UC3);
        colour.setTo(new Scalar(0, 0, 0));
        for (int c = 0; c < seg.classes().size(); c++) {
            Mat m = new Mat();
            try {
                Core.compare(classes, new Scalar(c), m, Core.CMP_EQ);
                double[] p = PALETTE[c % PALETTE.length];
                colour.setTo(new Scalar(p[0], p[1], p[2]), m);
            } finally {
                m.release();
            }
        }
        Core.addWeighted(img, 0.55, colour, 0.45, 0, img);
        int y = img.rows() - 12 - 22 * (seg.classes().size() - 1);
        for (int c = 0; c < seg.classes().size(); c++) {
            double[] p = PALETTE[c % PALETTE.length];
            Imgproc.rectangle(img, new Point(10, y - 12), new Point(26, y + 2), new Scalar(p[0], p[1], p[2]), -1);
            label(img, String.format(Locale.ROOT, "   %s %.0f%%", seg.classes().get(c), 100 * seg.fraction(c)), y);
            y += 22;
        }
    }

    private static void drawDetections(Mat img, PerceptionResult r) {
        for (var head : r.contract().heads()) {
            if (head.task() != dev.trident.runtime.contract.Task.DETECTION || !r.ran(head.name())) {
                continue;
            }
            List<Detection> dets = r.detections(head.name());
            var locs = r.locations(head.name());
            for (int i = 0; i < dets.size(); i++) {
                Detection d = dets.get(i);
                Imgproc.rectangle(img, new Point(d.x1(), d.y1()), new Point(d.x2(), d.y2()), new Scalar(0, 255, 255), 2);
                String text = String.format(Locale.ROOT, "%s %.2f", d.label(), d.score());
                if (i < locs.size() && locs.get(i).known()) {
                    text += String.format(Locale.ROOT, " %.1f m", locs.get(i).distance());
                }
                label(img, text, (int) d.x1() + 2, Math.max(14, (int) d.y1() - 4), 0.5);
            }
        }
    }

    private void drawDepth(Mat img, DepthMap d) {
        int w = img.cols();
        int h = img.rows();
        depth8.create(h, w, CvType.CV_8UC1);
        byte[] row = new byte[w];
        double logMax = Math.log(d.maxDepth());
        double logRange = logMax - Math.log(d.minDepth());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float m = d.depthAtSource(x + 0.5, y + 0.5);
                // log depth spreads the near range, where it matters; invalid = black
                row[x] = Float.isNaN(m) ? 0 : (byte) Math.max(1, Math.min(255, Math.round(255 * (logMax - Math.log(m)) / logRange)));
            }
            depth8.put(y, 0, row);
        }
        Imgproc.applyColorMap(depth8, depthColour, Imgproc.COLORMAP_MAGMA);
        depthColour.copyTo(img);
        label(img, String.format(Locale.ROOT, "depth %.0f-%.0f m (near = bright)", d.minDepth(), d.maxDepth()), 24);
    }

    @Override
    public void close() {
        classes.release();
        colour.release();
        depth8.release();
        depthColour.release();
    }
}
