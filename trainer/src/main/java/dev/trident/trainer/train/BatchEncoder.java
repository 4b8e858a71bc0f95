package dev.trident.trainer.train;

import dev.trident.trainer.data.LabelledSample;
import dev.trident.trainer.data.YoloBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Turns loaded samples into a {@link Batch}: one affine warp (scale to the model input, random
 * zoom/crop, horizontal flip) applied to the image (bilinear), segmentation and depth (nearest),
 * and to the boxes; photometric jitter; ImageNet normalisation in RGB order; CenterNet targets
 * (Gaussian heatmaps with CenterNet's radius rule, size and offset in cells at the centre cell);
 * segmentation and depth sampled at the centre pixel of each head cell.
 *
 * <p>Not thread-safe: owns reusable Mats; use one per loader thread and {@link #close()} it.
 */
public final class BatchEncoder implements AutoCloseable {
    /** ImageNet mean / std, RGB — what the model contract's input.mean/std will say. */
    public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] STD = {0.229f, 0.224f, 0.225f};
    public static final int IGNORE = 255;
    /** TTFNet's β: the share of the box (per axis) whose cells regress it. */
    public static final double REGRESSION_BETA = 0.54;

    private final int width;
    private final int height;
    private final int stride;
    private final int classes;
    private final double depthScale;
    private final Mat image = new Mat();
    private final Mat seg = new Mat();
    private final Mat depth = new Mat();
    private final Mat affine = new Mat(2, 3, CvType.CV_64F);
    private final byte[] pix;
    private final byte[] segPix;
    private final short[] depthPix;

    public BatchEncoder(int width, int height, int stride, int classes, double depthScale) {
        this.width = width;
        this.height = height;
        this.stride = stride;
        this.classes = classes;
        this.depthScale = depthScale;
        pix = new byte[width * height * 3];
        segPix = new byte[width * height];
        depthPix = new short[width * height];
    }

    /** Encodes the samples (already loaded) into a batch; {@code rng} drives the augmentation. */
    public Batch encode(List<LabelledSample> samples, Augmentation aug, Random rng) {
        int b = samples.size();
        int hh = height / stride;
        int hw = width / stride;
        int cells = hh * hw;
        float[] img = new float[b * 3 * width * height];
        float[] heat = new float[b * classes * cells];
        float[] size = new float[b * 2 * cells];
        float[] off = new float[b * 2 * cells];
        float[] mask = new float[b * cells];
        float[] regBox = new float[b * 4 * cells];
        float[] regWeight = new float[b * cells];
        long[] segT = new long[b * cells];
        java.util.Arrays.fill(segT, IGNORE);
        float[] depT = new float[b * cells];
        float[] hasDet = new float[b];
        float[] hasSeg = new float[b];
        float[] hasDep = new float[b];
        byte[][] segFull = new byte[b][];
        float[][] depFull = new float[b][];
        List<List<float[]>> boxes = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            LabelledSample s = samples.get(i);
            int sw = s.image().cols();
            int sh = s.image().rows();
            // affine: source pixel → model pixel (continuous coordinates)
            double zoom = 1 + rng.nextDouble() * (aug.scaleMax() - 1);
            boolean flip = rng.nextDouble() < aug.flip();
            double sx = width / (double) sw * zoom;
            double sy = height / (double) sh * zoom;
            double tx = -rng.nextDouble() * (sw * sx - width);
            double ty = -rng.nextDouble() * (sh * sy - height);
            double a = flip ? -sx : sx;
            double c = flip ? width - tx : tx;
            // OpenCV maps pixel indices (centres at +0.5): u_idx = a·x_idx + (c + 0.5a − 0.5)
            affine.put(0, 0, a, 0, c + 0.5 * a - 0.5, 0, sy, ty + 0.5 * sy - 0.5);
            Size out = new Size(width, height);
            Imgproc.warpAffine(s.image(), image, affine, out, Imgproc.INTER_LINEAR, Core.BORDER_REFLECT_101, new Scalar(0));
            image.get(0, 0, pix);
            photometric(pix, img, i, aug, rng);
            if (s.segmentation() != null) {
                hasSeg[i] = 1;
                Imgproc.warpAffine(s.segmentation(), seg, affine, out, Imgproc.INTER_NEAREST, Core.BORDER_CONSTANT,
                        new Scalar(IGNORE));
                seg.get(0, 0, segPix);
                segFull[i] = segPix.clone();
                for (int y = 0; y < hh; y++) {
                    for (int x = 0; x < hw; x++) {
                        segT[i * cells + y * hw + x] = segPix[(y * stride + stride / 2) * width + x * stride + stride / 2] & 0xff;
                    }
                }
            }
            if (s.depth() != null) {
                hasDep[i] = 1;
                Imgproc.warpAffine(s.depth(), depth, affine, out, Imgproc.INTER_NEAREST, Core.BORDER_CONSTANT, new Scalar(0));
                depth.get(0, 0, depthPix);
                float[] full = new float[width * height];
                for (int p = 0; p < full.length; p++) {
                    full[p] = (float) ((depthPix[p] & 0xffff) / depthScale);
                }
                depFull[i] = full;
                for (int y = 0; y < hh; y++) {
                    for (int x = 0; x < hw; x++) {
                        depT[i * cells + y * hw + x] = full[(y * stride + stride / 2) * width + x * stride + stride / 2];
                    }
                }
            }
            List<float[]> bx = new ArrayList<>();
            if (s.boxes() != null) {
                hasDet[i] = 1;
                List<YoloBox> largestFirst = new ArrayList<>(s.boxes());
                // a smaller object drawn later owns the cells it shares with a larger one (TTFNet)
                largestFirst.sort((p, q) -> Double.compare(q.w() * q.h(), p.w() * p.h()));
                for (YoloBox yb : largestFirst) {
                    double x1 = yb.x1(sw) * sx + tx;
                    double x2 = yb.x2(sw) * sx + tx;
                    if (flip) {
                        double f1 = width - x2;
                        x2 = width - x1;
                        x1 = f1;
                    }
                    double y1 = yb.y1(sh) * sy + ty;
                    double y2 = yb.y2(sh) * sy + ty;
                    x1 = Math.max(0, x1);
                    y1 = Math.max(0, y1);
                    x2 = Math.min(width, x2);
                    y2 = Math.min(height, y2);
                    if (x2 - x1 < 2 || y2 - y1 < 2) {
                        continue;
                    }
                    bx.add(new float[] {(float) x1, (float) y1, (float) x2, (float) y2, yb.classId()});
                    drawCentre(i, yb.classId(), x1, y1, x2, y2, heat, size, off, mask, hh, hw);
                    drawRegression(i, x1, y1, x2, y2, regBox, regWeight, hh, hw);
                }
            }
            boxes.add(bx);
        }
        return new Batch(b, height, width, stride, classes, img, heat, size, off, mask, regBox, regWeight, segT, depT,
                hasDet, hasSeg, hasDep, segFull, depFull, boxes);
    }

    private void photometric(byte[] bgr, float[] out, int index, Augmentation aug, Random rng) {
        double j = aug.jitter();
        double bright = (rng.nextDouble() * 2 - 1) * j;
        double contrast = 1 + (rng.nextDouble() * 2 - 1) * j;
        double[] gain = new double[3];
        for (int c = 0; c < 3; c++) {
            gain[c] = 1 + (rng.nextDouble() * 2 - 1) * j / 2;
        }
        int plane = width * height;
        int base = index * 3 * plane;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) { // c = RGB channel; BGR source index 2 − c
                double v = (bgr[p * 3 + 2 - c] & 0xff) / 255.0;
                v = ((v - 0.5) * contrast + 0.5 + bright) * gain[c];
                v = v < 0 ? 0 : v > 1 ? 1 : v;
                out[base + c * plane + p] = (float) ((v - MEAN[c]) / STD[c]);
            }
        }
    }

    private void drawCentre(int i, int cls, double x1, double y1, double x2, double y2, float[] heat, float[] size,
                            float[] off, float[] mask, int hh, int hw) {
        double cx = (x1 + x2) / 2 / stride;
        double cy = (y1 + y2) / 2 / stride;
        double bw = (x2 - x1) / stride;
        double bh = (y2 - y1) / stride;
        int ix = Math.min(hw - 1, (int) cx);
        int iy = Math.min(hh - 1, (int) cy);
        int r = Math.max(0, (int) gaussianRadius(bh, bw, 0.7));
        double sigma = (2 * r + 1) / 6.0;
        int cells = hh * hw;
        int plane = (i * classes + cls) * cells;
        for (int y = Math.max(0, iy - r); y <= Math.min(hh - 1, iy + r); y++) {
            for (int x = Math.max(0, ix - r); x <= Math.min(hw - 1, ix + r); x++) {
                double g = Math.exp(-((x - ix) * (x - ix) + (y - iy) * (y - iy)) / (2 * sigma * sigma));
                int k = plane + y * hw + x;
                heat[k] = (float) Math.max(heat[k], g);
            }
        }
        heat[plane + iy * hw + ix] = 1f;
        int cell = iy * hw + ix;
        size[(i * 2) * cells + cell] = (float) bw;
        size[(i * 2 + 1) * cells + cell] = (float) bh;
        off[(i * 2) * cells + cell] = (float) (cx - ix);
        off[(i * 2 + 1) * cells + cell] = (float) (cy - iy);
        mask[i * cells + cell] = 1f;
    }

    /**
     * The GIoU regression cells of one box (TTFNet's Gaussian sampling, widened so that even a
     * 2-pixel object trains the cells its heatmap peak may land on): cells whose centre lies within
     * {@code max(1, β·w/2)} × {@code max(1, β·h/2)} cells of the box centre (β = {@value #REGRESSION_BETA}),
     * weighted by {@code exp(−(dx²/ax² + dy²/ay²))} and normalised so that each object's weights sum to
     * 1 — every object counts once, as in the centre-cell L1 terms. Each cell gets the box itself
     * (x1, y1, x2, y2 in cells) as its target; cells already owned by a larger object are taken over.
     */
    private void drawRegression(int i, double x1, double y1, double x2, double y2, float[] regBox, float[] regWeight,
                                int hh, int hw) {
        double cx = (x1 + x2) / 2 / stride;
        double cy = (y1 + y2) / 2 / stride;
        double ax = Math.max(1.0, REGRESSION_BETA * (x2 - x1) / stride / 2);
        double ay = Math.max(1.0, REGRESSION_BETA * (y2 - y1) / stride / 2);
        int cells = hh * hw;
        int xa = Math.max(0, (int) Math.ceil(cx - ax - 0.5));
        int xb = Math.min(hw - 1, (int) Math.floor(cx + ax - 0.5));
        int ya = Math.max(0, (int) Math.ceil(cy - ay - 0.5));
        int yb = Math.min(hh - 1, (int) Math.floor(cy + ay - 0.5));
        int ix = Math.min(hw - 1, (int) cx);
        int iy = Math.min(hh - 1, (int) cy);
        xa = Math.min(xa, ix);
        xb = Math.max(xb, ix);
        ya = Math.min(ya, iy);
        yb = Math.max(yb, iy);
        double total = 0;
        for (int y = ya; y <= yb; y++) {
            for (int x = xa; x <= xb; x++) {
                total += regressionWeight(x, y, cx, cy, ax, ay);
            }
        }
        for (int y = ya; y <= yb; y++) {
            for (int x = xa; x <= xb; x++) {
                int cell = y * hw + x;
                regWeight[i * cells + cell] = (float) (regressionWeight(x, y, cx, cy, ax, ay) / total);
                regBox[(i * 4) * cells + cell] = (float) (x1 / stride);
                regBox[(i * 4 + 1) * cells + cell] = (float) (y1 / stride);
                regBox[(i * 4 + 2) * cells + cell] = (float) (x2 / stride);
                regBox[(i * 4 + 3) * cells + cell] = (float) (y2 / stride);
            }
        }
    }

    private static double regressionWeight(int x, int y, double cx, double cy, double ax, double ay) {
        double dx = (x + 0.5 - cx) / ax;
        double dy = (y + 0.5 - cy) / ay;
        return Math.exp(-(dx * dx + dy * dy));
    }

    /**
     * CenterNet's Gaussian radius: the largest r such that a box with corners shifted by r still
     * has IoU ≥ {@code minOverlap} with the true box (the three cases of CornerNet, smallest root).
     */
    public static double gaussianRadius(double h, double w, double minOverlap) {
        double b1 = h + w;
        double c1 = w * h * (1 - minOverlap) / (1 + minOverlap);
        double r1 = (b1 + Math.sqrt(b1 * b1 - 4 * c1)) / 2;
        double b2 = 2 * (h + w);
        double c2 = (1 - minOverlap) * w * h;
        double r2 = (b2 + Math.sqrt(b2 * b2 - 16 * c2)) / 2;
        double a3 = 4 * minOverlap;
        double b3 = -2 * minOverlap * (h + w);
        double c3 = (minOverlap - 1) * w * h;
        double r3 = (b3 + Math.sqrt(b3 * b3 - 4 * a3 * c3)) / 2;
        return Math.min(r1, Math.min(r2, r3));
    }

    @Override
    public void close() {
        image.release();
        seg.release();
        depth.release();
        affine.release();
    }
}
