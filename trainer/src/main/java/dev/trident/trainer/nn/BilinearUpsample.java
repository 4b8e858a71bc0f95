package dev.trident.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear upsampling of H and W by a whole factor f, pixel centres aligned ({@code
 * align_corners=False}): output pixel (y, x) samples the input at ((y + ½)/f − ½, (x + ½)/f − ½),
 * clamped at the edges — ONNX {@code Resize} (mode linear, scales [1, 1, f, f],
 * coordinate_transformation_mode half_pixel). Differentiable: the segmentation head uses it to train
 * its logits against full-resolution labels. No parameters. Stateless, thread-safe.
 */
public final class BilinearUpsample extends Layer {
    /** DJL's interpolation mode code for bilinear. */
    private static final int BILINEAR = 1;
    private final int factor;

    public BilinearUpsample(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("upsampling factor must be >= 1, got " + factor);
        }
        this.factor = factor;
    }

    public int factor() {
        return factor;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        Shape s = x.getShape();
        return x.getNDArrayInternal().interpolation(new long[] {s.get(2) * factor, s.get(3) * factor}, BILINEAR, false);
    }

    @Override
    public Shape outputShape(Shape s) {
        return new Shape(s.get(0), s.get(1), s.get(2) * factor, s.get(3) * factor);
    }

    @Override
    public String onnxOps() {
        return "Resize(linear, half_pixel, x" + factor + ")";
    }
}
