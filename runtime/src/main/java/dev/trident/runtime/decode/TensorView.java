package dev.trident.runtime.decode;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A read-only look at one float output tensor of the current frame: its name, its shape and its
 * data in row-major order. {@code data} is the pinned output buffer the engine reuses every frame,
 * so a view is only valid until the next inference; decoders read it, never keep it.
 * Absolute indexing ({@code data.get(i)}) only.
 */
public record TensorView(String name, long[] shape, FloatBuffer data) {

    /** Number of elements. */
    public int size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    /** Dimension {@code i}, counting negative indices from the end (−1 = last). */
    public int dim(int i) {
        return Math.toIntExact(shape[i < 0 ? shape.length + i : i]);
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Copies {@code length} elements starting at element {@code from} into {@code dst[offset..]} (absolute bulk read). */
    public void copyTo(int from, float[] dst, int offset, int length) {
        data.get(from, dst, offset, length);
    }

    /** The shape as text, e.g. {@code [1, 7, 96, 160]}, for error messages. */
    public String shapeText() {
        return Arrays.toString(shape);
    }
}
