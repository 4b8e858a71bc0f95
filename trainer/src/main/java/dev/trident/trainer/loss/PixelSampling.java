package dev.trident.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear upsampling of logits evaluated only at a sparse grid of output pixels, for a loss that
 * needs full-resolution values but not all of them: with upsampling factor f (half-pixel mapping,
 * edges clamped — exactly {@link dev.trident.trainer.nn.BilinearUpsample}), the pixels
 * {@code (phaseY + k·step, phaseX + l·step)} of the f× map. Written as two matrix products,
 * {@code A_h · X · A_wᵀ}, with A the interpolation weights of the sampled rows / columns: cheap,
 * differentiable, and 1/step² of the full map's cost. Stateless; thread-safe.
 */
public final class PixelSampling {
    private PixelSampling() {
    }

    /**
     * The interpolation matrix [out, in] taking {@code in} samples to output pixels
     * {@code phase, phase + step, …} of an f× upsampling ({@code out = in·f/step} rows).
     */
    public static float[] weights(int in, int factor, int phase, int step) {
        int out = in * factor / step;
        float[] a = new float[out * in];
        for (int k = 0; k < out; k++) {
            double src = (phase + k * step + 0.5) / factor - 0.5;
            int i0 = (int) Math.floor(src);
            double w = src - i0;
            int lo = Math.max(0, Math.min(in - 1, i0));
            int hi = Math.max(0, Math.min(in - 1, i0 + 1));
            a[k * in + lo] += (float) (1 - w);
            a[k * in + hi] += (float) w;
        }
        return a;
    }

    /**
     * {@code x} [B, C, h, w] upsampled f× and sampled at rows {@code phaseY + k·step}, columns
     * {@code phaseX + l·step}: [B, C, h·f/step, w·f/step]. The weight matrices live on {@code m}.
     */
    public static NDArray bilinear(NDArray x, NDManager m, int factor, int phaseY, int phaseX, int step) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        int oh = h * factor / step;
        int ow = w * factor / step;
        NDArray ah = m.create(weights(h, factor, phaseY, step), new Shape(oh, h));
        NDArray awT = m.create(weights(w, factor, phaseX, step), new Shape(ow, w)).transpose();
        NDArray rows = x.reshape(b * c, h, w).matMul(awT); // [B·C, h, ow]
        return ah.matMul(rows).reshape(b, c, oh, ow);
    }
}
