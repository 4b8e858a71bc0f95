package dev.trident.runtime.preprocess;

import dev.trident.runtime.contract.ColorOrder;
import dev.trident.runtime.contract.InputSpec;
import dev.trident.runtime.contract.ResizeSpec;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Specs, synthetic images and buffer readers shared by the preprocessing tests. */
final class PreprocessFixtures {
    /** ImageNet-style normalisation with a different alpha and beta per channel, so plane mix-ups show. */
    static final List<Double> MEAN = List.of(0.485, 0.456, 0.406);
    static final List<Double> STD = List.of(0.229, 0.224, 0.225);

    private PreprocessFixtures() {
    }

    static InputSpec spec(int width, int height, ColorOrder order, ResizeSpec resize) {
        return new InputSpec("images", "NCHW", height, width, order, 1.0 / 255.0, MEAN, STD, resize);
    }

    /** A spec whose model values are the raw 8-bit pixel values (alpha 1, beta 0). */
    static InputSpec rawSpec(int width, int height, ResizeSpec resize) {
        return new InputSpec("images", "NCHW", height, width, ColorOrder.BGR, 1.0, null, null, resize);
    }

    /** An 8-bit BGR Mat from {@code pixels[y][x][channel]}. */
    static Mat bgr(int[][][] pixels) {
        int h = pixels.length;
        int w = pixels[0].length;
        byte[] data = new byte[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < 3; ch++) {
                    data[(y * w + x) * 3 + ch] = (byte) pixels[y][x][ch];
                }
            }
        }
        Mat m = new Mat(h, w, CvType.CV_8UC3);
        m.put(0, 0, data);
        return m;
    }

    /** Model value at plane {@code c}, row {@code y}, column {@code x} of an NCHW buffer. */
    static float at(ByteBuffer buffer, int width, int height, int c, int y, int x) {
        return buffer.getFloat(((c * height + y) * width + x) * Float.BYTES);
    }

    /** A copy of the whole buffer's bytes (absolute reads; the buffer's position is untouched). */
    static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.capacity()];
        buffer.duplicate().clear().get(out);
        return out;
    }

    /** The shared real dash-cam frames folder, from the {@code trident.shared} system property. */
    static Path realFrames() {
        String shared = System.getProperty("trident.shared");
        if (shared == null) {
            throw new IllegalStateException("system property trident.shared is not set (surefire passes it)");
        }
        Path dir = Path.of(shared, "real-frames");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("real frames folder missing: " + dir);
        }
        return dir;
    }

    /** The 8-bit model value of a pixel: {@code pixel·alpha(c) + beta(c)}, as float like the buffer. */
    static float expected(InputSpec spec, int c, int pixel) {
        return (float) (pixel * spec.alpha(c) + spec.beta(c));
    }
}
