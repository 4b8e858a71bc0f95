package dev.trident.runtime.server;

import dev.trident.runtime.daemon.FrameTap;
import dev.trident.runtime.image.OverlayRenderer;
import dev.trident.runtime.result.DepthMap;
import dev.trident.runtime.result.Detection;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.SegmentationMap;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The overlay video frame of {@code /stream.mjpeg}, cheaper than {@link OverlayRenderer}'s
 * side-by-side view: the frame scaled to the stream width with the segmentation blended in
 * (a lookup table, no per-class passes), the boxes, a small depth inset (the head-resolution depth
 * map as a colour map) and a status bar; then JPEG-encoded into a reused buffer.
 *
 * <p>Not thread-safe (reuses its Mats); one per stream thread. {@link #close()} releases them.
 */
final class StreamOverlay implements AutoCloseable {
    private static final double[][] PALETTE = {
        {128, 64, 128}, {180, 130, 70}, {35, 142, 107}, {153, 153, 153}, {70, 70, 70}, {232, 35, 244},
        {0, 220, 220}, {30, 170, 250}, {142, 0, 0}, {70, 0, 0}, {100, 60, 0}, {60, 20, 220}, {0, 0, 255}, {32, 11, 119}
    };
    private final int width;
    private final MatOfInt params;
    private final Mat canvas = new Mat();
    private final Mat classesSource = new Mat();
    private final Mat classes = new Mat();
    private final Mat classes3 = new Mat();
    private final Mat colour = new Mat();
    private final Mat lut = new Mat(1, 256, CvType.CV_8UC3);
    private final Mat depth8 = new Mat();
    private final Mat depthColour = new Mat();
    private final Mat depthInset = new Mat();
    private final MatOfByte jpeg = new MatOfByte();
    private byte[] depthBytes = new byte[0];

    /** @param width stream width in pixels (0 = the frame's) */
    StreamOverlay(int width, int quality) {
        this.width = width;
        this.params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
        byte[] table = new byte[256 * 3];
        for (int c = 0; c < 255; c++) {
            double[] p = PALETTE[c % PALETTE.length];
            table[3 * c] = (byte) p[0];
            table[3 * c + 1] = (byte) p[1];
            table[3 * c + 2] = (byte) p[2];
        }
        lut.put(0, 0, table); // 255 (no class) stays black
    }

    /** Renders the snapshot and returns the JPEG bytes' Mat (valid until the next call). */
    MatOfByte render(FrameTap.Snapshot snap) {
        Mat frame = snap.image();
        PerceptionResult r = snap.result();
        int w = width > 0 ? width : frame.cols();
        int h = (int) Math.round(frame.rows() * (double) w / frame.cols());
        double scale = (double) w / frame.cols();
        Imgproc.resize(frame, canvas, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
        // a head that did not run on this frame (lower rate, or shed) keeps showing its last map
        r.segmentation().ifPresent(seg -> colourise(seg, w, h));
        if (colour.cols() == w && colour.rows() == h) {
            Core.addWeighted(canvas, 0.62, colour, 0.38, 0, canvas);
        }
        for (Detection d : r.detections()) {
            Scalar c = new Scalar(0, 255, 255);
            Imgproc.rectangle(canvas, new Point(d.x1() * scale, d.y1() * scale), new Point(d.x2() * scale, d.y2() * scale), c, 2);
            OverlayRenderer.label(canvas, String.format(Locale.ROOT, "%s %.2f", d.label(), d.score()), (int) (d.x1() * scale) + 2,
                    Math.max(36, (int) (d.y1() * scale) - 4), 0.45);
        }
        r.depth().ifPresent(this::colourDepth);
        if (!depthColour.empty()) {
            inset(w, h);
        }
        Imgproc.rectangle(canvas, new Point(0, 0), new Point(w, 24), new Scalar(24, 24, 24), -1);
        OverlayRenderer.label(canvas, String.format(Locale.ROOT, "TRIDENT  seq %d   %.1f fps   latency %.0f ms   %d detections",
                r.seq(), snap.fps(), snap.latencyNanos() / 1e6, r.detections().size()), 8, 17, 0.5);
        Imgcodecs.imencode(".jpg", canvas, jpeg, params);
        return jpeg;
    }

    private void colourise(SegmentationMap seg, int w, int h) {
        seg.toSourceResolution(classesSource);
        Imgproc.resize(classesSource, classes, new Size(w, h), 0, 0, Imgproc.INTER_NEAREST);
        Imgproc.cvtColor(classes, classes3, Imgproc.COLOR_GRAY2BGR);
        Core.LUT(classes3, lut, colour);
    }

    private void colourDepth(DepthMap d) {
        int cells = d.width() * d.height();
        if (depthBytes.length != cells) {
            depthBytes = new byte[cells];
        }
        float[] m = d.metres();
        double logMax = Math.log(d.maxDepth());
        double logRange = logMax - Math.log(d.minDepth());
        for (int i = 0; i < cells; i++) {
            // log depth spreads the near range, where it matters; invalid = black
            depthBytes[i] = Float.isNaN(m[i]) ? 0
                    : (byte) Math.max(1, Math.min(255, Math.round(255 * (logMax - Math.log(m[i])) / logRange)));
        }
        depth8.create(d.height(), d.width(), CvType.CV_8UC1);
        depth8.put(0, 0, depthBytes);
        Imgproc.applyColorMap(depth8, depthColour, Imgproc.COLORMAP_MAGMA);
    }

    private void inset(int w, int h) {
        int iw = Math.max(32, w / 4);
        int ih = Math.max(16, (int) Math.round(iw * (double) depthColour.rows() / depthColour.cols()));
        if (iw + 10 > w || ih + 34 > h) {
            return;
        }
        Imgproc.resize(depthColour, depthInset, new Size(iw, ih), 0, 0, Imgproc.INTER_LINEAR);
        Rect at = new Rect(w - iw - 10, h - ih - 10, iw, ih);
        Mat roi = canvas.submat(at);
        try {
            depthInset.copyTo(roi);
        } finally {
            roi.release();
        }
        Imgproc.rectangle(canvas, at.tl(), at.br(), new Scalar(255, 255, 255), 1);
        OverlayRenderer.label(canvas, "depth (near = bright)", at.x + 4, at.y + 16, 0.45);
    }

    @Override
    public void close() {
        for (Mat m : new Mat[] {canvas, classesSource, classes, classes3, colour, lut, depth8, depthColour, depthInset, jpeg, params}) {
            m.release();
        }
    }
}
